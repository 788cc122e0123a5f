import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createDatasetVersion, datasetMemberRows, eligibleStudyRows } from "../../lib/datasets";
import { db } from "../../lib/db/client";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

const PSEUDONYM = /^Study [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

async function study(accession: string, reviewState: "SIGNED" | "IN_REVIEW") {
  const fx = await makeAnalysedStudy();
  await db().study.update({ where: { id: fx.study.id }, data: { accessionNumber: accession, description: "LUMBAR SPINE", studyDate: "20240720", reviewState } });
  await db().series.create({ data: { seriesInstanceUid: `${fx.study.studyInstanceUid}.1`, studyId: fx.study.id, modality: "MR" } });
  await db().series.create({ data: { seriesInstanceUid: `${fx.study.studyInstanceUid}.2`, studyId: fx.study.id, modality: "MR" } });
  await db().reading.create({ data: { studyId: fx.study.id, role: "AI", status: "DONE" } });
  return { id: fx.study.id, patientId: fx.patient.patientId };
}

describe("[DATASETS] dataset study lists show patient ID, accession, description and series, under the minimum-necessary rule", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("lists eligible and member studies with their identifiers and split, and audits each identified listing", async () => {
    const sam = await makeUser("SUPERVISOR");
    const a = await study("ACC-A", "SIGNED");
    const b = await study("ACC-B", "SIGNED");
    await study("ACC-OPEN", "IN_REVIEW");
    const eligible = await eligibleStudyRows(sam, { labelSource: "FINAL" });
    expect(eligible.total).toBe(2);
    expect(eligible.studies.map((s) => [s.id, s.patientId, s.accessionNumber, s.description, s.studyDate, s.modalities, s.seriesCount, s.split])).toEqual([
      [a.id, a.patientId, "ACC-A", "LUMBAR SPINE", "20240720", ["MR"], 2, null],
      [b.id, b.patientId, "ACC-B", "LUMBAR SPINE", "20240720", ["MR"], 2, null],
    ]);
    const version = await createDatasetVersion({ name: "lists", labelSource: "FINAL", studyIds: [a.id, b.id], splitSeed: 1, splitFractions: { train: 1, val: 0, test: 0 } }, sam.id);
    const members = await datasetMemberRows(sam, version.id);
    expect(members.total).toBe(2);
    expect(members.studies.map((s) => [s.accessionNumber, s.split]).sort()).toEqual([
      ["ACC-A", "TRAIN"],
      ["ACC-B", "TRAIN"],
    ]);
    const views = await db().auditEvent.findMany({ where: { type: "PATIENT_IDENTITY_VIEWED", actorId: sam.id }, orderBy: { createdAt: "asc" } });
    expect(views.map((e) => e.payload)).toEqual([
      { surface: "datasets", studies: 2 },
      { surface: "datasets", studies: 2 },
    ]);
    await expect(datasetMemberRows(sam, "no-such-version")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives a supervisor who reads a study blind its pseudonym there, and records no view when nothing identified was shown", async () => {
    const [sam, b] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST")]);
    const s = await study("ACC-BLIND", "IN_REVIEW");
    await db().study.update({ where: { id: s.id }, data: { readingDesign: "DOUBLE_BLINDED" } });
    await db().reading.create({ data: { studyId: s.id, role: "PRIMARY", status: "IN_PROGRESS", readerId: sam.id } });
    await db().reading.create({ data: { studyId: s.id, role: "SECOND", status: "ASSIGNED", readerId: b.id } });
    const { studies } = await eligibleStudyRows(sam, { labelSource: "AI" });
    expect(studies).toHaveLength(1);
    expect(studies[0]).toMatchObject({ patientName: expect.stringMatching(PSEUDONYM), patientId: "", accessionNumber: null, identified: false, seriesCount: 2 });
    expect(JSON.stringify(studies)).not.toContain(s.patientId);
    expect(JSON.stringify(studies)).not.toContain("ACC-BLIND");
    expect(await db().auditEvent.count({ where: { type: "PATIENT_IDENTITY_VIEWED" } })).toBe(0);
  });
});
