import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { assignAdjudicator, assignStudies, assignStudy } from "../../lib/supervision";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

/**
 * Tried to break (tester session, 2026-11-30): the third-reader rule of an adjudication when a
 * blinded reading has been amended, a blinded supervisor-reader reassigning their own blinded
 * study, and concurrent bulk actions.
 */

async function study(accession: string) {
  const fx = await makeAnalysedStudy();
  await db().study.update({ where: { id: fx.study.id }, data: { accessionNumber: accession, description: "LUMBAR SPINE", studyDate: "20240720" } });
  return { id: fx.study.id, patientId: fx.patient.patientId };
}

/**
 * A blinded double read in ADJUDICATION whose PRIMARY reading (by `first`) was amended and the
 * amendment signed by `amender` (a supervisor may amend another reader's signed reading: canAmend),
 * and whose SECOND reading was signed by `second`. The original PRIMARY stays SIGNED, as
 * lib/review/amend-reading leaves it.
 */
async function adjudicationWithAmendedPrimary(accession: string, first: string, amender: string, second: string) {
  const s = await study(accession);
  await db().study.update({ where: { id: s.id }, data: { readingDesign: "DOUBLE_BLINDED", reviewState: "ADJUDICATION" } });
  const t0 = Date.now() - 60_000;
  const original = await db().reading.create({ data: { studyId: s.id, role: "PRIMARY", status: "SIGNED", readerId: first, createdAt: new Date(t0) } });
  await db().reading.create({ data: { studyId: s.id, role: "SECOND", status: "SIGNED", readerId: second, createdAt: new Date(t0 + 1000) } });
  await db().reading.create({ data: { studyId: s.id, role: "PRIMARY", status: "SIGNED", readerId: amender, amendsId: original.id, amendReason: "wrong level", createdAt: new Date(t0 + 2000) } });
  return s;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("[SUPERVISION] break: the adjudicator is a third reader, amendments included", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("refuses the first reader as adjudicator after a supervisor amended that reader's signed reading (single and bulk)", async () => {
    const [sam, amender, a, b] = await Promise.all([makeUser("SUPERVISOR"), makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST")]);
    const s = await adjudicationWithAmendedPrimary("ACC-AMENDED", a.id, amender.id, b.id);
    const before = await db().reading.count();

    const single = await rejection(assignAdjudicator({ studyId: s.id, readerId: a.id, actorId: sam.id }));
    expect(single.code).toBe("INVALID_INPUT");
    expect(single.userMessage).toBe("The adjudicator must be a third reader, not one of the two who disagreed.");

    const bulk = await rejection(assignStudies({ studyIds: [s.id], adjudicatorId: a.id, actorId: sam.id }));
    expect(bulk.code).toBe("INVALID_INPUT");
    expect(bulk.userMessage).toContain("the adjudicator must be a third reader");

    // The amending supervisor wrote one side of the disagreement too.
    const author = await rejection(assignStudies({ studyIds: [s.id], adjudicatorId: amender.id, actorId: sam.id }));
    expect(author.code).toBe("INVALID_INPUT");
    expect(await db().reading.count()).toBe(before);
    expect(await db().reading.count({ where: { role: "ADJUDICATION" } })).toBe(0);

    // A true third reader is accepted.
    const c = await makeUser("RADIOLOGIST");
    await expect(assignStudies({ studyIds: [s.id], adjudicatorId: c.id, actorId: sam.id })).resolves.toMatchObject({ assigned: [{ studyId: s.id, kind: "ADJUDICATOR" }] });
  });

  it("refuses a supervisor whose amendment of one of the two readings is still open", async () => {
    const [sam, amender, a, b] = await Promise.all([makeUser("SUPERVISOR"), makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST")]);
    const s = await study("ACC-OPEN-AMEND");
    await db().study.update({ where: { id: s.id }, data: { readingDesign: "DOUBLE_BLINDED", reviewState: "ADJUDICATION" } });
    await db().reading.create({ data: { studyId: s.id, role: "PRIMARY", status: "SIGNED", readerId: a.id } });
    const second = await db().reading.create({ data: { studyId: s.id, role: "SECOND", status: "SIGNED", readerId: b.id } });
    await db().reading.create({ data: { studyId: s.id, role: "SECOND", status: "IN_PROGRESS", readerId: amender.id, amendsId: second.id, amendReason: "wrong level" } });
    const error = await rejection(assignStudies({ studyIds: [s.id], adjudicatorId: amender.id, actorId: sam.id }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(await db().reading.count({ where: { role: "ADJUDICATION" } })).toBe(0);
  });
});

describe("[SUPERVISION] break: concurrent bulk actions on overlapping studies", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("six bulk actions over overlapping, shuffled selections all finish; every study ends with exactly one live reading, by one of them", async () => {
    const sam = await makeUser("SUPERVISOR");
    const readers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => makeUser("RADIOLOGIST")));
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await study(`ACC-X${i}`)).id);
    // Each action takes a different overlapping window of the studies, in its own order.
    const selections = readers.map((_, k) => {
      const window = ids.slice(k % 3, (k % 3) + 6);
      return k % 2 ? window.reverse() : window;
    });
    const results = await Promise.allSettled(selections.map((studyIds, k) => assignStudies({ studyIds, readers: { design: "SINGLE", readerIds: [readers[k]!.id] }, actorId: sam.id })));
    expect(results.map((r) => (r.status === "rejected" ? String((r.reason as Error).message) : "ok"))).toEqual(readers.map(() => "ok"));
    for (const id of ids) {
      const live = await db().reading.findMany({ where: { studyId: id, status: { not: "SUPERSEDED" }, role: "PRIMARY" } });
      expect(live).toHaveLength(1);
    }
    // Each action's readings are all live or all superseded only where a later action covered the study:
    // the number of READING_ASSIGNED events equals the number of (action, study) pairs.
    expect(await db().auditEvent.count({ where: { type: "READING_ASSIGNED" } })).toBe(selections.reduce((n, s) => n + s.length, 0));
  }, 60_000);
});

describe("[SUPERVISION] break: a supervisor who reads a study blind does not reassign it", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("refuses the blinded supervisor (single and bulk): the other reader's open reading is neither superseded nor revealed", async () => {
    // Seen over HTTP: Sam, SECOND reader of a blinded study whose PRIMARY reader Rita had started,
    // bulk-assigned it SINGLE to himself; Rita's reading became SUPERSEDED, the study SINGLE and no
    // longer blinded, and Sam then saw Rita's reading (name, status) and the patient's identity.
    const [sam, other, rita, rex] = await Promise.all([makeUser("SUPERVISOR"), makeUser("SUPERVISOR"), makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST")]);
    const s = await study("ACC-BLIND-REASSIGN");
    await assignStudies({ studyIds: [s.id], readers: { design: "DOUBLE_BLINDED", readerIds: [rita.id, sam.id] }, actorId: other.id });
    await db().reading.updateMany({ where: { studyId: s.id, role: "PRIMARY" }, data: { status: "IN_PROGRESS" } });
    const before = await db().reading.findMany({ where: { studyId: s.id }, orderBy: { id: "asc" } });

    const bulk = await rejection(assignStudies({ studyIds: [s.id], readers: { design: "SINGLE", readerIds: [sam.id] }, actorId: sam.id }));
    expect(bulk.code).toBe("FORBIDDEN");
    expect(bulk.userMessage).not.toContain("ACC-BLIND-REASSIGN");
    const single = await rejection(assignStudy({ studyId: s.id, design: "DOUBLE_BLINDED", readerIds: [rex.id, sam.id], actorId: sam.id }));
    expect(single.code).toBe("FORBIDDEN");
    expect(await db().reading.findMany({ where: { studyId: s.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect((await db().study.findUniqueOrThrow({ where: { id: s.id } })).readingDesign).toBe("DOUBLE_BLINDED");

    // Once the other reader has signed, the refusal must not tell him so ("already signed").
    await db().reading.updateMany({ where: { studyId: s.id, role: "PRIMARY" }, data: { status: "SIGNED" } });
    const afterSign = await rejection(assignStudies({ studyIds: [s.id], readers: { design: "SINGLE", readerIds: [rex.id] }, actorId: sam.id }));
    expect(afterSign.code).toBe("FORBIDDEN");
    expect(afterSign.userMessage).toMatch(/: you read this study blind; another supervisor or an admin assigns it\.$/);

    // Another supervisor still can (here: refused only because a reading is signed).
    await db().reading.updateMany({ where: { studyId: s.id, role: "PRIMARY" }, data: { status: "IN_PROGRESS" } });
    await expect(assignStudies({ studyIds: [s.id], readers: { design: "SINGLE", readerIds: [rex.id] }, actorId: other.id })).resolves.toBeTruthy();
  });

  it("still lets a supervisor assign a fresh study to a blinded pair that includes themselves", async () => {
    const [sam, rita] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST")]);
    const s = await study("ACC-SELF");
    await expect(assignStudies({ studyIds: [s.id], readers: { design: "DOUBLE_BLINDED", readerIds: [sam.id, rita.id] }, actorId: sam.id })).resolves.toBeTruthy();
  });
});

describe("[SUPERVISION] break: an id with a NUL byte is a 422, not a 500", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("refuses control characters in study, reader and adjudicator ids before the database sees them", async () => {
    // Seen over HTTP: {"studyIds":["a\u0000b"]} → PostgreSQL 22021 (invalid byte sequence) → 500.
    const [sam, rita] = await Promise.all([makeUser("SUPERVISOR"), makeUser("RADIOLOGIST")]);
    const s = await study("ACC-NUL");
    const before = await db().reading.count();
    for (const input of [
      { studyIds: ["a\u0000b"], readers: { design: "SINGLE" as const, readerIds: [rita.id] } },
      { studyIds: [s.id], readers: { design: "SINGLE" as const, readerIds: [`${rita.id}\u0000`] } },
      { studyIds: [s.id], readers: { design: "SINGLE" as const, readerIds: [rita.id] }, adjudicatorId: "x\u0000" },
      { studyIds: [`${s.id}\n`], readers: { design: "SINGLE" as const, readerIds: [rita.id] } },
    ]) {
      const error = await rejection(assignStudies({ ...input, actorId: sam.id }));
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.userMessage).toContain("an id has no control characters");
    }
    expect(await db().reading.count()).toBe(before);
  });
});
