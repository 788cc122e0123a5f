import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { assignmentBoard, assignStudies } from "../../lib/supervision";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

const PSEUDONYM = /Study [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;

/** A study with a patient ID, an accession number and one MR series. */
async function study(accession: string) {
  const fx = await makeAnalysedStudy();
  await db().study.update({ where: { id: fx.study.id }, data: { accessionNumber: accession, description: "LUMBAR SPINE", studyDate: "20240720" } });
  await db().series.create({ data: { seriesInstanceUid: `${fx.study.studyInstanceUid}.1`, studyId: fx.study.id, modality: "MR" } });
  return { id: fx.study.id, patientId: fx.patient.patientId, accession };
}

/** A blinded double read whose two signed readings disagreed: the study waits for an adjudicator. */
async function inAdjudication(accession: string, first: string, second: string) {
  const s = await study(accession);
  await db().study.update({ where: { id: s.id }, data: { readingDesign: "DOUBLE_BLINDED", reviewState: "ADJUDICATION" } });
  await db().reading.create({ data: { studyId: s.id, role: "PRIMARY", status: "SIGNED", readerId: first } });
  await db().reading.create({ data: { studyId: s.id, role: "SECOND", status: "SIGNED", readerId: second } });
  return s;
}

/** Everything a refused bulk action could have written. */
async function snapshot() {
  const [readings, audit, studies] = await Promise.all([
    db().reading.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, version: true, readerId: true, role: true } }),
    db().auditEvent.count(),
    db().study.findMany({ orderBy: { id: "asc" }, select: { id: true, version: true, readingDesign: true, reviewState: true } }),
  ]);
  return { readings, audit, studies };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("[SUPERVISION] bulk assignment: several studies in one action, all or nothing (issue 17.4)", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("assigns every selected study its reader, with the audit events of a single assignment per study", async () => {
    const [sam, rita] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST")]);
    const studies = [await study("ACC-1"), await study("ACC-2"), await study("ACC-3")];
    const { assigned } = await assignStudies({ studyIds: studies.map((s) => s.id), readers: { design: "SINGLE", readerIds: [rita.id] }, actorId: sam.id });
    expect(assigned.map((a) => [a.studyId, a.kind, a.readingIds.length])).toEqual(studies.map((s) => [s.id, "READERS", 1]));
    for (const s of studies) {
      const readings = await db().reading.findMany({ where: { studyId: s.id } });
      expect(readings.map((r) => [r.role, r.status, r.readerId, r.assignedById])).toEqual([["PRIMARY", "ASSIGNED", rita.id, sam.id]]);
      const events = await db().auditEvent.findMany({ where: { studyId: s.id }, orderBy: { createdAt: "asc" } });
      expect(events.map((e) => [e.type, e.actorId]).sort()).toEqual([
        ["READING_ASSIGNED", sam.id],
        ["READING_DESIGN_SET", sam.id],
      ]);
    }
  });

  it("assigns blinded pairs to studies still to be read and the adjudicator to those in adjudication, in one action", async () => {
    const [sam, a, b, c] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST")]);
    const fresh = await study("ACC-NEW");
    const waiting = await inAdjudication("ACC-ADJ", a.id, b.id);
    const { assigned } = await assignStudies({ studyIds: [fresh.id, waiting.id], readers: { design: "DOUBLE_BLINDED", readerIds: [a.id, b.id] }, adjudicatorId: c.id, actorId: sam.id });
    expect(assigned.map((x) => x.kind)).toEqual(["READERS", "ADJUDICATOR"]);
    const freshReadings = await db().reading.findMany({ where: { studyId: fresh.id }, orderBy: { role: "asc" } });
    expect(freshReadings.map((r) => [r.role, r.readerId])).toEqual([
      ["PRIMARY", a.id],
      ["SECOND", b.id],
    ]);
    expect((await db().study.findUniqueOrThrow({ where: { id: fresh.id } })).readingDesign).toBe("DOUBLE_BLINDED");
    const adjudication = await db().reading.findFirstOrThrow({ where: { studyId: waiting.id, role: "ADJUDICATION" } });
    expect([adjudication.readerId, adjudication.status]).toEqual([c.id, "ASSIGNED"]);
    expect(await db().auditEvent.count({ where: { studyId: waiting.id, type: "READING_ASSIGNED" } })).toBe(1);
  });

  it("writes nothing when one study refuses, and names that study in one sentence", async () => {
    const [sam, a, b] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST")]);
    const first = await study("ACC-OK-1");
    const second = await study("ACC-OK-2");
    const waiting = await inAdjudication("ACC-BLOCK", a.id, b.id);
    const signed = await study("ACC-SIGNED");
    await db().study.update({ where: { id: signed.id }, data: { reviewState: "SIGNED" } });
    // An earlier assignment of `first` that the bulk action would supersede: it must survive the refusal.
    await assignStudies({ studyIds: [first.id], readers: { design: "SINGLE", readerIds: [b.id] }, actorId: sam.id });
    const before = await snapshot();

    const noAdjudicator = await rejection(assignStudies({ studyIds: [first.id, second.id, waiting.id], readers: { design: "SINGLE", readerIds: [a.id] }, actorId: sam.id }));
    expect(noAdjudicator.code).toBe("INVALID_INPUT");
    expect(noAdjudicator.userMessage).toBe(`Nothing was assigned because of accession ACC-BLOCK (patient ${waiting.patientId}): it is in adjudication and needs an adjudicator.`);
    expect(await snapshot()).toEqual(before);

    const isSigned = await rejection(assignStudies({ studyIds: [second.id, signed.id, first.id], readers: { design: "SINGLE", readerIds: [a.id] }, actorId: sam.id }));
    expect(isSigned.code).toBe("CONFLICT");
    expect(isSigned.userMessage).toBe(`Nothing was assigned because of accession ACC-SIGNED (patient ${signed.patientId}): the study is signed; it cannot be reassigned.`);
    expect(await snapshot()).toEqual(before);

    // The adjudicator must be a third reader: `a` read the study.
    const notThird = await rejection(assignStudies({ studyIds: [second.id, waiting.id], readers: { design: "SINGLE", readerIds: [b.id] }, adjudicatorId: a.id, actorId: sam.id }));
    expect(notThird.code).toBe("INVALID_INPUT");
    expect(notThird.userMessage).toMatch(/^Nothing was assigned because of accession ACC-BLOCK .*: the adjudicator must be a third reader/);
    expect(await snapshot()).toEqual(before);

    const gone = await rejection(assignStudies({ studyIds: [second.id, "no-such-study"], readers: { design: "SINGLE", readerIds: [a.id] }, actorId: sam.id }));
    expect(gone.code).toBe("NOT_FOUND");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses anyone but a supervisor or admin, and a disabled supervisor, before touching any study", async () => {
    const [rita, annotator, disabled, reader] = await Promise.all([makeUser("RADIOLOGIST"), makeUser("ANNOTATOR"), makeUser("SUPERVISOR"), makeUser("RADIOLOGIST")]);
    await db().user.update({ where: { id: disabled.id }, data: { disabled: true } });
    const s = await study("ACC-AUTH");
    const before = await snapshot();
    for (const actor of [rita, annotator, disabled]) {
      const error = await rejection(assignStudies({ studyIds: [s.id], readers: { design: "SINGLE", readerIds: [reader.id] }, actorId: actor.id }));
      expect([actor.role, error.code]).toEqual([actor.role, "FORBIDDEN"]);
      expect(error.userMessage).not.toContain("ACC-AUTH");
    }
    expect(await snapshot()).toEqual(before);
    const admin = await makeUser("ADMIN");
    await expect(assignStudies({ studyIds: [s.id], readers: { design: "SINGLE", readerIds: [reader.id] }, actorId: admin.id })).resolves.toBeTruthy();
  });

  it("keeps the blinded design's rules: two different people, both eligible to read", async () => {
    const [sam, a, annotator] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("ANNOTATOR")]);
    const s1 = await study("ACC-B1");
    const s2 = await study("ACC-B2");
    const before = await snapshot();
    const same = await rejection(assignStudies({ studyIds: [s1.id, s2.id], readers: { design: "DOUBLE_BLINDED", readerIds: [a.id, a.id] }, actorId: sam.id }));
    expect(same.code).toBe("INVALID_INPUT");
    expect(same.userMessage).toContain("different people");
    const one = await rejection(assignStudies({ studyIds: [s1.id, s2.id], readers: { design: "DOUBLE_BLINDED", readerIds: [a.id] }, actorId: sam.id }));
    expect(one.code).toBe("INVALID_INPUT");
    const notReader = await rejection(assignStudies({ studyIds: [s1.id, s2.id], readers: { design: "DOUBLE_BLINDED", readerIds: [a.id, annotator.id] }, actorId: sam.id }));
    expect(notReader.code).toBe("INVALID_INPUT");
    expect(notReader.userMessage).toContain("accession ACC-B1");
    expect(await snapshot()).toEqual(before);
  });

  it("names a study by its pseudonym to a supervisor who reads it blind", async () => {
    const [sam, other, b, c] = await Promise.all([makeUser("SUPERVISOR"), makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST")]);
    // Sam is the blinded first reader of this study; the other supervisor assigned it.
    const s = await study("ACC-SECRET");
    await assignStudies({ studyIds: [s.id], readers: { design: "DOUBLE_BLINDED", readerIds: [sam.id, b.id] }, actorId: other.id });
    const error = await rejection(assignStudies({ studyIds: [s.id], adjudicatorId: c.id, actorId: sam.id }));
    expect(error.userMessage).toMatch(new RegExp(`^Nothing was assigned because of ${PSEUDONYM.source}: it is not in adjudication and needs readers\\.$`));
    for (const secret of ["ACC-SECRET", s.patientId]) expect(error.userMessage).not.toContain(secret);
  });

  it("two bulk actions over the same studies in opposite orders both finish (studies locked in id order)", async () => {
    const [sam, a, b] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST")]);
    const ids = [(await study("ACC-C1")).id, (await study("ACC-C2")).id, (await study("ACC-C3")).id];
    const results = await Promise.allSettled([
      assignStudies({ studyIds: ids, readers: { design: "SINGLE", readerIds: [a.id] }, actorId: sam.id }),
      assignStudies({ studyIds: [...ids].reverse(), readers: { design: "SINGLE", readerIds: [b.id] }, actorId: sam.id }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    // Whichever ran last holds every study: never a mix.
    const holders = await db().reading.findMany({ where: { studyId: { in: ids }, status: "ASSIGNED" }, select: { readerId: true } });
    expect(holders).toHaveLength(3);
    expect(new Set(holders.map((h) => h.readerId)).size).toBe(1);
  });
});

describe("[SUPERVISION] the assignment board shows patient ID, accession and series, under the minimum-necessary rule", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("shows a supervisor the identifiers and audits the listing; a supervisor reading a study blind gets its pseudonym", async () => {
    const [sam, other, b] = await Promise.all([makeUser("SUPERVISOR"), makeUser("SUPERVISOR"), makeUser("RADIOLOGIST")]);
    const open = await study("ACC-OPEN");
    const blind = await study("ACC-BLIND");
    await assignStudies({ studyIds: [blind.id], readers: { design: "DOUBLE_BLINDED", readerIds: [sam.id, b.id] }, actorId: other.id });

    const forOther = new Map((await assignmentBoard(other)).map((r) => [r.id, r]));
    expect(forOther.get(open.id)).toMatchObject({ patientId: open.patientId, accessionNumber: "ACC-OPEN", description: "LUMBAR SPINE", studyDate: "20240720", modalities: ["MR"], seriesCount: 1, identified: true });
    expect(forOther.get(blind.id)).toMatchObject({ patientId: blind.patientId, accessionNumber: "ACC-BLIND", identified: true });
    expect(forOther.get(blind.id)!.readings.map((r) => r.role).sort()).toEqual(["PRIMARY", "SECOND"]);

    const forSam = new Map((await assignmentBoard(sam)).map((r) => [r.id, r]));
    expect(forSam.get(open.id)).toMatchObject({ patientId: open.patientId, accessionNumber: "ACC-OPEN", identified: true });
    const hidden = forSam.get(blind.id)!;
    expect(hidden).toMatchObject({ patientId: "", accessionNumber: null, identified: false, patientName: expect.stringMatching(PSEUDONYM) });
    expect(JSON.stringify(hidden)).not.toContain(blind.patientId);
    expect(hidden.readings.map((r) => r.role)).toEqual(["PRIMARY"]);

    const views = await db().auditEvent.findMany({ where: { type: "PATIENT_IDENTITY_VIEWED" }, orderBy: { createdAt: "asc" } });
    expect(views.map((e) => [e.actorId, e.payload])).toEqual([
      [other.id, { surface: "assignment-board", studies: 2 }],
      [sam.id, { surface: "assignment-board", studies: 1 }],
    ]);
  });
});
