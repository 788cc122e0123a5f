import { beforeEach, describe, expect, it } from "vitest";
import { annotationHistory, effectiveAnnotations } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { amendReading, saveEdits, signReading, startStudyReading, studyAuditTrail, studyView, worklist } from "../../lib/review";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";
import { saveAiPredictions } from "../../lib/annotations";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function preAnnotated() {
  const fx = await makeAnalysedStudy();
  await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
  return fx;
}

describe("lib/review", () => {
  beforeEach(resetDatabase);

  it("walks PRE_ANNOTATED → IN_REVIEW → SIGNED, then refuses edits with STUDY_SIGNED", async () => {
    const { study } = await preAnnotated();
    const reader = await makeUser("RADIOLOGIST");
    const user = { id: reader.id, role: "RADIOLOGIST" as const };
    // Viewing claims nothing; the explicit start does, and starting again resumes the same reading.
    await studyView({ studyId: study.id, user });
    expect(await db().reading.count({ where: { studyId: study.id, role: { not: "AI" } } })).toBe(0);
    const { reading, created } = await startStudyReading({ studyId: study.id, userId: reader.id });
    expect(created).toBe(true);
    expect(reading.status).toBe("IN_PROGRESS");
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("IN_REVIEW");
    const again = await startStudyReading({ studyId: study.id, userId: reader.id });
    expect([again.reading.id, again.created]).toEqual([reading.id, false]);
    // The worklist routes the work: the study is the reader's own (claimed, in progress), nobody else's.
    const other = await makeUser("RADIOLOGIST");
    expect((await worklist(user)).find((r) => r.id === study.id)?.mine).toBe("IN_PROGRESS");
    expect((await worklist({ id: other.id, role: "RADIOLOGIST" })).find((r) => r.id === study.id)?.mine).toBeNull();
    const dx = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    await saveEdits({ readingId: reading.id, user, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: dx.revisionId, data: { level: "L4-L5", diagnosis: "herniation" } }] });
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("IN_REVIEW");
    expect((await db().reading.findUniqueOrThrow({ where: { id: reading.id } })).status).toBe("IN_PROGRESS");

    await signReading({ readingId: reading.id, userId: reader.id });
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("SIGNED");
    const head = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    const error = await rejection(saveEdits({ readingId: reading.id, user, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: head.revisionId, data: { level: "L4-L5", diagnosis: "normal" } }] }));
    expect(error.code).toBe("STUDY_SIGNED");
    expect(error.status).toBe(409);
    expect((await rejection(signReading({ readingId: reading.id, userId: reader.id }))).code).toBe("STUDY_SIGNED");
    expect((await rejection(startStudyReading({ studyId: study.id, userId: reader.id }))).code).toBe("STUDY_SIGNED");

    const trail = await studyAuditTrail(study.id, { id: reader.id, role: "RADIOLOGIST" });
    expect(trail.events.map((e) => e.type)).toEqual(expect.arrayContaining(["READING_STARTED", "ANNOTATION_REVISED", "READING_SIGNED", "STUDY_STATE_CHANGED"]));
  });

  it("an amendment is a new reading that starts from the signed one, which stays untouched", async () => {
    const { study } = await preAnnotated();
    const reader = await makeUser("RADIOLOGIST");
    const user = { id: reader.id, role: "RADIOLOGIST" as const };
    const { reading } = await startStudyReading({ studyId: study.id, userId: reader.id });
    const dx = (await effectiveAnnotations(reading.id)).find((a) => a.key === "L4-L5")!;
    const [signedHead] = await saveEdits({ readingId: reading.id, user, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: dx.revisionId, data: { level: "L4-L5", diagnosis: "herniation" } }] });
    const { reading: signed } = await signReading({ readingId: reading.id, userId: reader.id });

    const amendment = await amendReading({ readingId: signed.id, userId: reader.id, reason: "L4-L5 re-read on the thinner slices" });
    expect(amendment.amendReason).toBe("L4-L5 re-read on the thinner slices");
    expect(amendment.id).not.toBe(signed.id);
    expect(amendment.amendsId).toBe(signed.id);
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("IN_REVIEW");
    const view = await effectiveAnnotations(amendment.id);
    const start = view.find((a) => a.key === "L4-L5")!;
    expect(start.revisionId).toBe(signedHead!.revisionId);
    const [amended] = await saveEdits({ readingId: amendment.id, user, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: start.revisionId, data: { level: "L4-L5", diagnosis: "bulge" } }] });
    expect(amended!.replacesRevisionId).toBe(signedHead!.revisionId);
    // The signed reading still shows what was signed.
    expect((await effectiveAnnotations(signed.id)).find((a) => a.key === "L4-L5")?.data).toMatchObject({ diagnosis: "herniation" });
    expect((await db().reading.findUniqueOrThrow({ where: { id: signed.id } })).status).toBe("SIGNED");
    await signReading({ readingId: amendment.id, userId: reader.id });
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("SIGNED");
    const history = (await annotationHistory(study.id)).filter((h) => h.key === "L4-L5" && h.kind === "LEVEL_DIAGNOSIS");
    expect(history.map((h) => h.source)).toEqual(["AI", "HUMAN", "HUMAN"]);
  });

  it("annotator mode: boxes yes, diagnoses no, and no signing role", async () => {
    const { study } = await preAnnotated();
    const annotator = await makeUser("ANNOTATOR");
    const user = { id: annotator.id, role: "ANNOTATOR" as const };
    const { reading } = await startStudyReading({ studyId: study.id, userId: annotator.id });
    expect(reading.role).toBe("ANNOTATION");
    const view = await effectiveAnnotations(reading.id);
    const dx = view.find((a) => a.key === "L4-L5")!;
    expect((await rejection(saveEdits({ readingId: reading.id, user, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: dx.revisionId, data: { level: "L4-L5", diagnosis: "normal" } }] }))).code).toBe("FORBIDDEN");
    const l1 = view.find((a) => a.key === "L1")!;
    await saveEdits({ readingId: reading.id, user, changes: [{ kind: "VERTEBRA_BOX", key: "L1", baseRevisionId: l1.revisionId, data: { label: "L1", sopInstanceUid: "sag-mid", box: [1, 1, 9, 9] } }] });
    // An annotator's work does not move the study through the radiologists' workflow.
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("PRE_ANNOTATED");
    const sv = await studyView({ studyId: study.id, user });
    expect(sv.editable).toBe(true);
    expect(sv.canDiagnose).toBe(false);
    expect(sv.canSign).toBe(false);
  });

  it("seeds a phantom study pre-annotated from its truth, shown on the worklist with findings", async () => {
    const seeded = await seedPhantomStudy({ seed: 7, variant: "standard" });
    expect(seeded.ai.created).toBe(true);
    const again = await seedPhantomStudy({ seed: 7, variant: "standard" });
    expect(again.ai.created).toBe(false);
    const reader = await makeUser("RADIOLOGIST");
    const rows = await worklist({ id: reader.id, role: "RADIOLOGIST" });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.findings.map((f) => f.level)).toEqual(["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"]);
    expect(rows[0]!.reviewState).toBe("PRE_ANNOTATED");
    const sv = await studyView({ studyId: seeded.studyId, user: { id: reader.id, role: "RADIOLOGIST" } });
    expect(sv.sagittal?.images.length).toBeGreaterThan(3);
    expect(sv.axial.length).toBeGreaterThan(0);
    expect(sv.midSagittalUid).not.toBeNull();
    expect(Object.values(sv.models).map((m) => m.modelId)).toContain("phantom-truth");
  });
});
