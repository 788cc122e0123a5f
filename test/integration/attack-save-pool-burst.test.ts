import { beforeEach, describe, expect, it } from "vitest";
import { effectiveAnnotations, saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { saveEdits } from "../../lib/review";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

/**
 * A save looks its images up on the pool beside its transaction (imagesOfChanges), while the
 * transaction holds a pool connection and later waits for that lookup. Rule: saves wait on each
 * other only for row locks; a burst larger than the pool (pg: 10) must never stall until the
 * transaction timeout. (Held when written: a guard, not a found bug.)
 */
describe("attack: a burst of box saves into one reading, larger than the pool", () => {
  beforeEach(resetDatabase);

  it("30 parallel box saves into one reading finish within seconds (each OK or CONFLICT)", async () => {
    const fx = await makeAnalysedStudy();
    await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
    const reader = await makeUser("RADIOLOGIST");
    const supervisor = await makeUser("SUPERVISOR");
    const reading = await db().reading.create({ data: { studyId: fx.study.id, role: "PRIMARY", readerId: reader.id, assignedById: supervisor.id, status: "ASSIGNED" } });
    const boxes = (await effectiveAnnotations(reading.id)).filter((a) => a.kind === "VERTEBRA_BOX");
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => {
        const b = boxes[i % boxes.length]!;
        const data = b.data as { box: [number, number, number, number] };
        const [x0, y0, x1, y1] = data.box;
        return saveEdits({ readingId: reading.id, user: { id: reader.id, role: "RADIOLOGIST" }, changes: [{ kind: "VERTEBRA_BOX", key: b.key, baseRevisionId: b.revisionId, data: { ...data, box: [x0 + 1, y0, x1 + 1, y1] } }] });
      }),
    );
    const codes = results.map((r) => (r.status === "fulfilled" ? "OK" : r.reason instanceof AppError ? r.reason.code : String(r.reason)));
    expect(codes.filter((c) => c !== "OK" && c !== "CONFLICT")).toEqual([]);
    expect(codes.filter((c) => c === "OK")).toHaveLength(boxes.length);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 120_000);
});
