import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { auditCsv } from "../../lib/audit/audit-csv";
import { auditLog } from "../../lib/audit/audit-log";
import { effectiveAnnotations } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { createDatasetVersion, freezeDatasetVersion } from "../../lib/datasets";
import { studyLabels } from "../../lib/datasets/study-labels";
import { amendReading, reassignReading, releaseReading, reopenAnnotation, saveEdits, signReading, startStudyReading, submitAnnotation } from "../../lib/review";
import { assignStudy } from "../../lib/supervision";
import { buildWorld, makeUsers, type TUsers } from "./policy-world";
import { resetDatabase } from "./helpers";

describe("audit: typed events for every state change, filterable, as CSV (issue 12.6)", () => {
  let users: TUsers;
  beforeAll(async () => {
    await resetDatabase();
    users = await makeUsers();
  });

  it("start, release, reassign, assign, sign, amend and dataset create/freeze each leave their event; the log filters by study, user, type and date", async () => {
    const one = await buildWorld("PRE", users);
    const started = await startStudyReading({ studyId: one.studyId, userId: users.R.id });
    await releaseReading({ readingId: started.reading.id, userId: users.SUP.id, reason: "R is on leave" });
    const again = await startStudyReading({ studyId: one.studyId, userId: users.A.id });
    const handed = await reassignReading({ readingId: again.reading.id, userId: users.SUP.id, toReaderId: users.B.id });
    await saveEdits({ readingId: handed.id, user: { id: users.B.id, role: "RADIOLOGIST" }, changes: [] });
    const signed = await signReading({ readingId: handed.id, userId: users.B.id });
    const version = await createDatasetVersion({ name: "audit-test", labelSource: "FINAL", studyIds: [one.studyId], splitSeed: 1, splitFractions: { train: 1, val: 0, test: 0 } }, users.SUP.id);
    await freezeDatasetVersion(version.id, users.SUP.id);
    await amendReading({ readingId: signed.reading.id, userId: users.SUP.id, reason: "Addendum: L5-S1 re-read" });
    const two = await buildWorld("PRE", users);
    await assignStudy({ studyId: two.studyId, design: "DOUBLE_BLINDED", readerIds: [users.A.id, users.C.id], actorId: users.SUP.id });

    const types = (await auditLog(users.SUP, { studyId: one.studyId })).map((e) => e.type);
    for (const t of ["READING_STARTED", "READING_RELEASED", "READING_REASSIGNED", "READING_SIGNED", "REPORT_GENERATED", "READING_AMENDED", "STUDY_STATE_CHANGED"]) expect(types, t).toContain(t);
    const released = (await auditLog(users.SUP, { type: "READING_RELEASED" }))[0]!;
    expect(released).toMatchObject({ actorId: users.SUP.id, studyId: one.studyId, payload: { readingId: started.reading.id, readerId: users.R.id, role: "PRIMARY", reason: "R is on leave" } });
    expect((await auditLog(users.SUP, { type: "READING_AMENDED" }))[0]!.payload).toMatchObject({ amendsId: signed.reading.id, reason: "Addendum: L5-S1 re-read" });
    expect((await auditLog(users.SUP, { studyId: two.studyId, type: "READING_ASSIGNED" })).map((e) => (e.payload as { readerId: string }).readerId).sort()).toEqual([users.A.id, users.C.id].sort());
    expect((await auditLog(users.SUP, { type: "DATASET_CREATED" }))[0]!.payload).toMatchObject({ datasetVersionId: version.id, name: "audit-test", studies: 1 });
    expect((await auditLog(users.SUP, { type: "DATASET_FROZEN" })).length).toBe(1);
    // By user: only what SUP did; by date: nothing yesterday, everything today.
    expect(new Set((await auditLog(users.SUP, { userId: users.SUP.id })).map((e) => e.actorId))).toEqual(new Set([users.SUP.id]));
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await auditLog(users.SUP, { to: yesterday })).toEqual([]);
    expect((await auditLog(users.SUP, { from: today, to: today })).length).toBe(await db().auditEvent.count());

    // CSV: a header, one row per event, payload JSON in one cell, read back by an independent parser.
    const rows = await auditLog(users.SUP, { studyId: one.studyId });
    const parsed = parse(auditCsv(rows), { columns: true }) as Array<Record<string, string>>;
    expect(parsed).toHaveLength(rows.length);
    expect(parsed.map((r) => r.type)).toEqual(rows.map((r) => r.type));
    expect(JSON.parse(parsed.find((r) => r.type === "READING_AMENDED")!.payload!)).toMatchObject({ reason: "Addendum: L5-S1 re-read" });
  });

  it("a supervisor who is one of a study's two blinded readers does not see the other reading's events in the audit log; another supervisor does", async () => {
    const world = await buildWorld("PRE", users);
    await assignStudy({ studyId: world.studyId, design: "DOUBLE_BLINDED", readerIds: [users.SUP2.id, users.A.id], actorId: users.SUP.id });
    const own = await startStudyReading({ studyId: world.studyId, userId: users.SUP2.id });
    const other = await startStudyReading({ studyId: world.studyId, userId: users.A.id });
    expect(other.reading.id).not.toBe(own.reading.id);

    const namesOther = (e: { actorId: string | null; payload: unknown }) => e.actorId === users.A.id || JSON.stringify(e.payload).includes(other.reading.id) || JSON.stringify(e.payload).includes(users.A.id);
    const seenByUninvolved = await auditLog(users.SUP, { studyId: world.studyId });
    // The uninvolved supervisor sees A's assignment and A's start.
    expect(seenByUninvolved.filter(namesOther).map((e) => e.type)).toEqual(expect.arrayContaining(["READING_ASSIGNED", "READING_STARTED"]));
    const seenByBlinded = await auditLog(users.SUP2, { studyId: world.studyId });
    expect(seenByBlinded.filter(namesOther)).toEqual([]);
    // What is not about the other reading stays: SUP2's own assignment and start.
    expect(seenByBlinded.filter((e) => JSON.stringify(e.payload).includes(own.reading.id) || e.actorId === users.SUP2.id).map((e) => e.type)).toEqual(expect.arrayContaining(["READING_ASSIGNED", "READING_STARTED"]));
    // Hidden events do not count against `take`: asked for k rows, the blinded supervisor gets the
    // k newest visible ones, although the other reader's (hidden) events are newer than some of them.
    const allVisible = await auditLog(users.SUP2, { studyId: world.studyId, take: 5000 });
    expect(allVisible.length).toBeGreaterThan(2);
    for (const k of [1, 2, allVisible.length - 1]) {
      expect((await auditLog(users.SUP2, { studyId: world.studyId, take: k })).map((e) => e.id), `take ${k}`).toEqual(allVisible.slice(0, k).map((e) => e.id));
    }
    // The unfiltered log of every study keeps the same rule.
    expect((await auditLog(users.SUP2, {})).filter((e) => e.studyId === world.studyId && namesOther(e))).toEqual([]);
  });

  it("a cell that would run as a spreadsheet formula is defused", () => {
    const csv = auditCsv([{ id: "e", createdAt: "2026-11-30T00:00:00.000Z", type: "USER_UPDATED", actorId: null, actorName: "=HYPERLINK(\"x\")", studyId: null, studyInstanceUid: null, payload: {} }]);
    const [row] = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(row!.actor).toBe("'=HYPERLINK(\"x\")");
  });
});

describe("annotators: submit as done, reopened by a supervisor, a dataset label source (issue 12.5)", () => {
  let users: TUsers;
  beforeAll(async () => {
    await resetDatabase();
    users = await makeUsers();
  });

  it("a done annotation labels a READER dataset; reopened, it no longer does", async () => {
    const world = await buildWorld("ANNOT", users);
    const reading = world.readings.annotation!;
    const l1 = (await effectiveAnnotations(reading)).find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L1")!;
    await saveEdits({ readingId: reading, user: { id: users.N.id, role: "ANNOTATOR" }, changes: [{ kind: "VERTEBRA_BOX", key: "L1", baseRevisionId: l1.revisionId, data: { label: "L1", sopInstanceUid: "sag-mid", box: [98, 38, 142, 72] } }] });
    const options = { name: "annotator-set", labelSource: "READER" as const, readerId: users.N.id, studyIds: [world.studyId], splitSeed: 3, splitFractions: { train: 1, val: 0, test: 0 } };
    expect(await createDatasetVersion(options, users.SUP.id).catch((e: unknown) => e)).toMatchObject({ code: "CONFLICT" });

    const done = await submitAnnotation({ readingId: reading, userId: users.N.id });
    expect(done.status).toBe("DONE");
    const version = await createDatasetVersion(options, users.SUP.id);
    const labels = await studyLabels(version, world.studyId);
    expect(labels.readingId).toBe(reading);
    expect(labels.vertebrae.find((v) => v.label === "L1")?.box).toEqual([98, 38, 142, 72]);
    expect(labels.vertebrae).toHaveLength(6); // the untouched AI boxes come with it, as the annotator saw them
    await freezeDatasetVersion(version.id, users.SUP.id);

    const reopened = await reopenAnnotation({ readingId: reading, userId: users.SUP.id, reason: "L2 box too tight" });
    expect(reopened.status).toBe("IN_PROGRESS");
    expect(await createDatasetVersion(options, users.SUP.id).catch((e: unknown) => e)).toMatchObject({ code: "CONFLICT" });
    const events = (await auditLog(users.SUP, { studyId: world.studyId })).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(["READING_SUBMITTED", "READING_REOPENED"]));
  });
});
