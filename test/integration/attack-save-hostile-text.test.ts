import type { Session } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { effectiveAnnotations, saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { startStudyReading } from "../../lib/review";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

let currentSession: Session | null = null;
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => currentSession),
}));
const { POST: saveRoute } = await import("../../app/api/readings/[readingId]/revisions/route");

/**
 * Rule (lib/errors/database-input.ts): hostile text the client sent (a NUL byte, text that is not
 * valid Unicode) is the caller's mistake: a 422, never a 500, and nothing is written. JSON can
 * escape half a surrogate pair ("\ud800"), text that no UTF-8 can carry.
 */
describe("attack: hostile text in a save's note and data", () => {
  beforeEach(resetDatabase);

  const cases: Array<[string, (base: string) => unknown]> = [
    ["a NUL byte in the note", (base) => ({ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: base, data: { level: "L4-L5", diagnosis: "herniation" }, note: "a\u0000b" })],
    ["a lone high surrogate in the note", (base) => ({ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: base, data: { level: "L4-L5", diagnosis: "herniation" }, note: "a\ud800b" })],
    ["a lone low surrogate in the note", (base) => ({ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: base, data: { level: "L4-L5", diagnosis: "herniation" }, note: "\udc00" })],
    ["a lone surrogate in an impression", () => ({ kind: "IMPRESSION", key: "impression", baseRevisionId: null, data: { text: "x\ud800" } })],
  ];
  for (const [name, change] of cases) {
    it(`answers ${name} 422 and writes nothing`, async () => {
      const fx = await makeAnalysedStudy();
      await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
      const reader = await makeUser("RADIOLOGIST");
      const { reading } = await startStudyReading({ studyId: fx.study.id, userId: reader.id });
      const ai = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
      currentSession = { user: { id: reader.id, role: "RADIOLOGIST", sessionVersion: 0 }, expires: "" } as Session;
      const body = JSON.stringify({ changes: [change(ai.revisionId)] });
      const response = await saveRoute(new Request(`http://test/api/readings/${reading.id}/revisions`, { method: "POST", headers: { "content-type": "application/json" }, body }), { params: Promise.resolve({ readingId: reading.id }) });
      expect(response.status).toBe(422);
      expect(await db().annotationRevision.count({ where: { annotation: { readingId: reading.id } } })).toBe(0);
      expect(await db().auditEvent.count({ where: { type: "ANNOTATION_REVISED" } })).toBe(0);
    });
  }
});
