import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "next-auth";
import { effectiveAnnotations, reviseAnnotation, saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

let currentSession: Session | null = null;
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => currentSession),
}));
const { POST: saveRoute } = await import("../../app/api/readings/[readingId]/revisions/route");

/** An analysed study whose sagittal slice "sag-mid" is a real 320 × 256 instance row. */
async function setup() {
  const fx = await makeAnalysedStudy();
  const series = await db().series.create({ data: { seriesInstanceUid: `sag-${fx.study.id}`, studyId: fx.study.id } });
  await db().instance.create({
    data: { sopInstanceUid: "sag-mid", seriesId: series.id, transferSyntaxUid: "1.2.840.10008.1.2.1", sha256: "0".repeat(64), byteSize: 1, rows: 256, columns: 320, bitsAllocated: 16, bitsStored: 12, photometricInterpretation: "MONOCHROME2" },
  });
  const ai = await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: {} });
  const reader = await makeUser("RADIOLOGIST");
  const reading = await db().reading.create({ data: { studyId: fx.study.id, role: "PRIMARY", status: "IN_PROGRESS", readerId: reader.id } });
  const aiL4 = (await effectiveAnnotations(ai.reading.id)).find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
  const save = (box: number[]) =>
    reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L4", baseRevisionId: aiL4.revisionId, data: { label: "L4", sopInstanceUid: "sag-mid", box } });
  return { save, reading, reader, aiL4 };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("[REVIEW] annotation geometry is checked against its image (issue 18)", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("refuses a box of side 3×10⁸ with 422 and one sentence, and stores nothing", async () => {
    const { save, reading } = await setup();
    const error = await refusal(save([0, 0, 3e8, 3e8]));
    expect(error.status).toBe(422);
    expect(error.userMessage).toBe("The VERTEBRA_BOX L4 box [0, 0, 300000000, 300000000] lies outside its 320 × 256 image (more than 10% beyond an edge).");
    expect(await db().annotation.count({ where: { readingId: reading.id } })).toBe(0);
  });

  it("answers the save API's huge box with 422 and the sentence", async () => {
    const { reading, reader, aiL4 } = await setup();
    currentSession = { user: { id: reader.id, role: "RADIOLOGIST", sessionVersion: 0 }, expires: "" } as Session;
    const body = { changes: [{ kind: "VERTEBRA_BOX", key: "L4", baseRevisionId: aiL4.revisionId, data: { label: "L4", sopInstanceUid: "sag-mid", box: [0, 0, 3e8, 3e8] } }] };
    const response = await saveRoute(new Request(`http://test/api/readings/${reading.id}/revisions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({ readingId: reading.id }) });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^The VERTEBRA_BOX L4 box .* lies outside its 320 × 256 image/);
  });

  it.each([
    ["past the right edge by more than 10%", [100, 100, 353, 150]],
    ["above the top by more than 10%", [100, -26, 140, 150]],
  ])("refuses a box %s", async (_what, box) => {
    const { save } = await setup();
    expect((await refusal(save(box))).code).toBe("INVALID_INPUT");
  });

  it("accepts a box reaching up to 10% past the edges (a vertebra cut by the field of view)", async () => {
    const { save } = await setup();
    const saved = await save([-32, -25.6, 352, 281.6]);
    expect(saved.data).toMatchObject({ box: [-32, -25.6, 352, 281.6] });
  });

  it("bounds a box on an image it does not know by the largest DICOM image", async () => {
    const fx = await makeAnalysedStudy();
    const ai = await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: {} });
    const reader = await makeUser("RADIOLOGIST");
    const reading = await db().reading.create({ data: { studyId: fx.study.id, role: "PRIMARY", status: "IN_PROGRESS", readerId: reader.id } });
    const aiL1 = (await effectiveAnnotations(ai.reading.id)).find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L1")!;
    const error = await refusal(reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L1", baseRevisionId: aiL1.revisionId, data: { label: "L1", sopInstanceUid: "sag-mid", box: [0, 0, 3e8, 10] } }));
    expect(error.status).toBe(422);
  });
});
