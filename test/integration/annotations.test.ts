import { beforeEach, describe, expect, it } from "vitest";
import {
  annotationHistory,
  effectiveAnnotations,
  reviseAnnotation,
  reviseAnnotations,
  saveAiPredictions,
} from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

async function setup() {
  const fx = await makeAnalysedStudy();
  const ai = await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { VERTEBRA_BOX: fx.modelVersionId, LEVEL_DIAGNOSIS: fx.modelVersionId } });
  const reader = await makeUser("RADIOLOGIST");
  const reading = await db().reading.create({ data: { studyId: fx.study.id, role: "PRIMARY", status: "IN_PROGRESS", readerId: reader.id } });
  return { ...fx, ai, reader, reading };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("lib/annotations", () => {
  beforeEach(resetDatabase);

  it("stores AI predictions once per pipeline run, one annotation and revision per prediction", async () => {
    const { ai, study, run, analysis } = await setup();
    expect(ai.created).toBe(true);
    expect(ai.annotations).toBe(6 + 2 + 2 + 2);
    const again = await saveAiPredictions({ studyId: study.id, pipelineRunId: run.id, analysis, modelVersionIds: {} });
    expect(again.created).toBe(false);
    expect(again.reading.id).toBe(ai.reading.id);
    expect(await db().annotationRevision.count()).toBe(12);
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("PRE_ANNOTATED");
    const l4 = (await effectiveAnnotations(ai.reading.id)).find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4");
    expect(l4?.source).toBe("AI");
    expect(l4?.modelVersionId).not.toBeNull();
  });

  it("is append-only: N edits give N+1 revisions and the AI original stays intact", async () => {
    const { ai, reading, reader } = await setup();
    const aiL4 = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
    let base = aiL4.revisionId;
    const edits = 4;
    for (let i = 1; i <= edits; i++) {
      const saved = await reviseAnnotation({
        readingId: reading.id,
        authorId: reader.id,
        kind: "VERTEBRA_BOX",
        key: "L4",
        baseRevisionId: base,
        data: { label: "L4", sopInstanceUid: "sag-mid", box: [100 + i, 160, 140 + i, 190] },
      });
      expect(saved.replacesRevisionId).toBe(base);
      base = saved.revisionId;
    }
    const l4Revisions = await db().annotationRevision.findMany({ where: { annotation: { studyId: reading.studyId, kind: "VERTEBRA_BOX", key: "L4" } }, orderBy: { createdAt: "asc" } });
    expect(l4Revisions).toHaveLength(edits + 1);
    const original = l4Revisions.find((r) => r.source === "AI")!;
    expect(original.id).toBe(aiL4.revisionId);
    expect(original.data).toEqual(aiL4.data);
    // The AI reading's view is untouched; the reader's view shows the last edit.
    expect((await effectiveAnnotations(ai.reading.id)).find((a) => a.key === "L4")?.revisionId).toBe(aiL4.revisionId);
    const mine = (await effectiveAnnotations(reading.id)).find((a) => a.key === "L4")!;
    expect(mine.source).toBe("HUMAN");
    expect(mine.data).toMatchObject({ box: [104, 160, 144, 190] });
    expect(await db().auditEvent.count({ where: { type: "ANNOTATION_REVISED" } })).toBe(edits);

    const history = await annotationHistory(reading.studyId);
    const l4History = history.filter((h) => h.kind === "VERTEBRA_BOX" && h.key === "L4");
    expect(l4History.map((h) => h.source)).toEqual(["AI", "HUMAN", "HUMAN", "HUMAN", "HUMAN"]);
    expect(l4History[1]!.replaces?.revisionId).toBe(aiL4.revisionId);
    expect(l4History[1]!.author?.id).toBe(reader.id);
    expect(l4History[0]!.model?.modelId).toBe("test-model");
  });

  it("refuses a stale base with CONFLICT carrying the current state, and saves nothing of the batch", async () => {
    const { reading, reader } = await setup();
    const view = await effectiveAnnotations(reading.id);
    const aiL4 = view.find((a) => a.key === "L4")!;
    const aiDx = view.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    const first = await reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L4", baseRevisionId: aiL4.revisionId, data: { label: "L4", sopInstanceUid: "sag-mid", box: [101, 160, 141, 190] } });
    const before = await db().annotationRevision.count();
    const error = await rejection(
      reviseAnnotations({
        readingId: reading.id,
        authorId: reader.id,
        changes: [
          { kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: aiDx.revisionId, data: { level: "L4-L5", diagnosis: "herniation" } },
          { kind: "VERTEBRA_BOX", key: "L4", baseRevisionId: aiL4.revisionId, data: { label: "L4", sopInstanceUid: "sag-mid", box: [99, 160, 139, 190] } },
        ],
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.status).toBe(409);
    const conflicts = (error.details as { conflicts: Array<{ key: string; current: { revisionId: string } }> }).conflicts;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.current.revisionId).toBe(first.revisionId);
    expect(await db().annotationRevision.count()).toBe(before);
  });

  it("lets exactly one of two concurrent saves on the same base through", async () => {
    const { reading, reader } = await setup();
    const aiL1 = (await effectiveAnnotations(reading.id)).find((a) => a.key === "L1")!;
    const save = (dx: number) =>
      reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L1", baseRevisionId: aiL1.revisionId, data: { label: "L1", sopInstanceUid: "sag-mid", box: [100 + dx, 40, 140 + dx, 70] } });
    const results = await Promise.allSettled([save(1), save(2)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as AppError).code).toBe("CONFLICT");
  });

  it("deletes by a revision, hides the thing, and re-adds on the deleted head", async () => {
    const { reading, reader } = await setup();
    const roi = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "DISC_ROI" && a.key === "ax-1")!;
    const del = await reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "DISC_ROI", key: "ax-1", baseRevisionId: roi.revisionId, deleted: true });
    expect(del.deleted).toBe(true);
    expect((await effectiveAnnotations(reading.id)).some((a) => a.kind === "DISC_ROI" && a.key === "ax-1")).toBe(false);
    const withDeleted = await effectiveAnnotations(reading.id, { includeDeleted: true });
    expect(withDeleted.find((a) => a.key === "ax-1" && a.kind === "DISC_ROI")?.revisionId).toBe(del.revisionId);
    await reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "DISC_ROI", key: "ax-1", baseRevisionId: del.revisionId, data: { sopInstanceUid: "ax-1", box: [1, 2, 30, 40] } });
    expect((await effectiveAnnotations(reading.id)).find((a) => a.kind === "DISC_ROI" && a.key === "ax-1")?.data).toMatchObject({ box: [1, 2, 30, 40] });
  });

  it("checks data against its kind and key, and refuses signed, AI and other readers' readings", async () => {
    const { reading, reader, ai } = await setup();
    const l2 = (await effectiveAnnotations(reading.id)).find((a) => a.key === "L2")!;
    const bad = await rejection(reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L2", baseRevisionId: l2.revisionId, data: { label: "L2", box: [5, 5, 1, 1], sopInstanceUid: "x" } }));
    expect(bad.code).toBe("INVALID_INPUT");
    const wrongKey = await rejection(reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L2", baseRevisionId: l2.revisionId, data: { label: "L3", box: [1, 1, 5, 5], sopInstanceUid: "x" } }));
    expect(wrongKey.code).toBe("INVALID_INPUT");
    const other = await makeUser("RADIOLOGIST");
    expect((await rejection(reviseAnnotation({ readingId: reading.id, authorId: other.id, kind: "VERTEBRA_BOX", key: "L2", baseRevisionId: l2.revisionId, data: { label: "L2", box: [1, 1, 5, 5], sopInstanceUid: "x" } }))).code).toBe("FORBIDDEN");
    expect((await rejection(reviseAnnotation({ readingId: ai.reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L2", baseRevisionId: l2.revisionId, data: { label: "L2", box: [1, 1, 5, 5], sopInstanceUid: "x" } }))).code).toBe("FORBIDDEN");
    await db().reading.update({ where: { id: reading.id }, data: { status: "SIGNED", signedAt: new Date() } });
    const signed = await rejection(reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L2", baseRevisionId: l2.revisionId, data: { label: "L2", box: [1, 1, 5, 5], sopInstanceUid: "x" } }));
    expect(signed.code).toBe("STUDY_SIGNED");
  });

  it("a new pipeline run supersedes the old AI reading and leaves human readings alone", async () => {
    const { reading, reader, study, analysis, ai } = await setup();
    const l3 = (await effectiveAnnotations(reading.id)).find((a) => a.key === "L3")!;
    const mine = await reviseAnnotation({ readingId: reading.id, authorId: reader.id, kind: "VERTEBRA_BOX", key: "L3", baseRevisionId: l3.revisionId, data: { label: "L3", box: [1, 1, 5, 5], sopInstanceUid: "sag-mid" } });
    const run2 = await db().pipelineRun.create({ data: { studyId: study.id, status: "DONE" } });
    await saveAiPredictions({ studyId: study.id, pipelineRunId: run2.id, analysis, modelVersionIds: {} });
    expect((await db().reading.findUniqueOrThrow({ where: { id: ai.reading.id } })).status).toBe("SUPERSEDED");
    const view = await effectiveAnnotations(reading.id);
    expect(view.find((a) => a.key === "L3")?.revisionId).toBe(mine.revisionId);
    expect(view.find((a) => a.key === "L4")?.readingId).not.toBe(ai.reading.id);
  });
});
