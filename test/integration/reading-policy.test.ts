import { beforeAll, describe, expect, it } from "vitest";
import { listReports } from "../../lib/report/stored-reports";
import { effectiveAnnotations } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError, type TAppErrorCode } from "../../lib/errors/app-error";
import { amendReading, reassignReading, releaseReading, reopenAnnotation, saveEdits, signReading, startStudyReading, studyView, submitAnnotation } from "../../lib/review";
import { assignStudy } from "../../lib/supervision";
import { buildWorld, makeUsers, type TReadingKey, type TScenario, type TUserKey, type TUsers, type TWorld } from "./policy-world";
import { resetDatabase } from "./helpers";

type TAction =
  | { kind: "start" }
  | { kind: "edit"; reading: TReadingKey; diagnosis: boolean }
  | { kind: "sign"; reading: TReadingKey }
  | { kind: "amend"; reading: TReadingKey; reason?: string }
  | { kind: "release"; reading: TReadingKey }
  | { kind: "reassign"; reading: TReadingKey; to: TUserKey }
  | { kind: "submit"; reading: TReadingKey }
  | { kind: "reopen"; reading: TReadingKey }
  | { kind: "view"; reading: TReadingKey }
  | { kind: "assign" };

/** One row of the spec: in this study state, this person does this, and the issue says allow or refuse (and why). */
interface TRow {
  scenario: TScenario;
  actor: TUserKey;
  action: TAction;
  expect: "allow" | TAppErrorCode;
  why: string;
  /** Part of the refusal's sentence that must be there. */
  message?: RegExp;
}

const REASON = "Re-read at L4-L5 after the clinical note";

/**
 * The spec, written by hand from issues 12 and 18 (not computed from lib/review/policy). Roles:
 * A, B, C, R radiologists (A primary, B blinded second, C adjudicator, R unrelated), SUP and SUP2
 * supervisors (SUP assigns; in ADJ_SIGNED SUP adjudicated), N annotator, ADM admin, X disabled.
 * Ownership and reading role are in the scenario (whose reading the action names).
 */
const SPEC: TRow[] = [
  // 12.1 Claiming: viewing never claims; one reader at a time; 409 names the holder; supervisors release/reassign.
  { scenario: "PRE", actor: "R", action: { kind: "start" }, expect: "allow", why: "a free single-read study can be started" },
  { scenario: "HELD", actor: "R", action: { kind: "start" }, expect: "CONFLICT", why: "A holds the open primary reading", message: /RADIOLOGIST \d+ has held this study's reading since/ },
  { scenario: "HELD", actor: "SUP", action: { kind: "start" }, expect: "CONFLICT", why: "a supervisor does not start over a holder either; they release or reassign" },
  { scenario: "HELD", actor: "A", action: { kind: "start" }, expect: "allow", why: "the holder resumes their own reading" },
  { scenario: "HELD", actor: "N", action: { kind: "start" }, expect: "allow", why: "annotators build training labels beside the clinical reading" },
  { scenario: "PRE", actor: "ADM", action: { kind: "start" }, expect: "FORBIDDEN", why: "admins do not read studies" },
  { scenario: "PRE", actor: "X", action: { kind: "start" }, expect: "FORBIDDEN", why: "a disabled account acts on nothing" },
  { scenario: "SIGNED", actor: "R", action: { kind: "start" }, expect: "STUDY_SIGNED", why: "a signed study changes only through an amendment" },
  { scenario: "BLIND_HALF", actor: "R", action: { kind: "start" }, expect: "FORBIDDEN", why: "only the two assigned readers read a blinded study" },
  { scenario: "HELD", actor: "SUP", action: { kind: "release", reading: "primary" }, expect: "allow", why: "supervisors release a held reading" },
  { scenario: "HELD", actor: "A", action: { kind: "release", reading: "primary" }, expect: "allow", why: "a reader gives back a study they took themselves" },
  { scenario: "HELD", actor: "R", action: { kind: "release", reading: "primary" }, expect: "FORBIDDEN", why: "a colleague cannot free someone else's study" },
  { scenario: "BLIND_HALF", actor: "B", action: { kind: "release", reading: "second" }, expect: "FORBIDDEN", why: "an assigned reading is released by a supervisor only" },
  { scenario: "HELD", actor: "SUP", action: { kind: "reassign", reading: "primary", to: "R" }, expect: "allow", why: "supervisors reassign" },
  { scenario: "HELD", actor: "R", action: { kind: "reassign", reading: "primary", to: "R" }, expect: "FORBIDDEN", why: "readers do not reassign" },
  { scenario: "BLIND_HALF", actor: "SUP", action: { kind: "reassign", reading: "second", to: "A" }, expect: "INVALID_INPUT", why: "the two blinded readings need two different readers" },
  { scenario: "SIGNED", actor: "SUP", action: { kind: "release", reading: "primary" }, expect: "CONFLICT", why: "a signed reading is not released" },
  // Editing: one's own open reading only; annotators no diagnoses.
  { scenario: "HELD", actor: "A", action: { kind: "edit", reading: "primary", diagnosis: true }, expect: "allow", why: "the holder edits" },
  { scenario: "HELD", actor: "R", action: { kind: "edit", reading: "primary", diagnosis: true }, expect: "FORBIDDEN", why: "another reader's reading" },
  { scenario: "HELD", actor: "SUP", action: { kind: "edit", reading: "primary", diagnosis: false }, expect: "FORBIDDEN", why: "supervisors do not write into a reader's reading" },
  { scenario: "SIGNED", actor: "A", action: { kind: "edit", reading: "primary", diagnosis: true }, expect: "STUDY_SIGNED", why: "a signed reading is fixed" },
  { scenario: "ANNOT", actor: "N", action: { kind: "edit", reading: "annotation", diagnosis: true }, expect: "FORBIDDEN", why: "annotators set boxes and levels, not diagnoses" },
  { scenario: "ANNOT", actor: "N", action: { kind: "edit", reading: "annotation", diagnosis: false }, expect: "allow", why: "annotators box" },
  { scenario: "ANNOT_DONE", actor: "N", action: { kind: "edit", reading: "annotation", diagnosis: false }, expect: "CONFLICT", why: "a submitted annotation is reopened first" },
  { scenario: "BLIND_HALF", actor: "A", action: { kind: "edit", reading: "second", diagnosis: true }, expect: "FORBIDDEN", why: "a blinded reader never alters the other reading" },
  // 12.2 / 12.4 Signing: only the reader; second readers and adjudicators sign; never twice.
  { scenario: "HELD", actor: "A", action: { kind: "sign", reading: "primary" }, expect: "allow", why: "the reader signs" },
  { scenario: "HELD", actor: "R", action: { kind: "sign", reading: "primary" }, expect: "FORBIDDEN", why: "only the reader signs" },
  { scenario: "HELD", actor: "SUP", action: { kind: "sign", reading: "primary" }, expect: "FORBIDDEN", why: "not even a supervisor signs someone else's reading" },
  { scenario: "SIGNED", actor: "A", action: { kind: "sign", reading: "primary" }, expect: "STUDY_SIGNED", why: "a signature is final" },
  { scenario: "BLIND_HALF", actor: "B", action: { kind: "sign", reading: "second" }, expect: "allow", why: "the blinded second reader signs" },
  { scenario: "BLIND_HALF", actor: "A", action: { kind: "sign", reading: "second" }, expect: "FORBIDDEN", why: "the other blinded reading is not A's" },
  { scenario: "ADJ_WAIT", actor: "C", action: { kind: "sign", reading: "adjudication" }, expect: "allow", why: "the assigned adjudicator signs the final" },
  { scenario: "ADJ_WAIT", actor: "SUP", action: { kind: "sign", reading: "adjudication" }, expect: "FORBIDDEN", why: "only the assigned adjudicator signs the adjudication" },
  { scenario: "ADJ_WAIT", actor: "A", action: { kind: "sign", reading: "primary" }, expect: "STUDY_SIGNED", why: "A's reading is signed already" },
  { scenario: "ANNOT", actor: "N", action: { kind: "sign", reading: "annotation" }, expect: "FORBIDDEN", why: "annotations are submitted, not signed" },
  { scenario: "PRE", actor: "A", action: { kind: "sign", reading: "ai" }, expect: "FORBIDDEN", why: "the AI's reading is never signed by a reader" },
  // 18.1 Amending: the signer or a supervisor, with a reason; adjudications supervisors only; never across blinding.
  { scenario: "SIGNED", actor: "A", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "allow", why: "the signer amends with a reason" },
  { scenario: "SIGNED", actor: "A", action: { kind: "amend", reading: "primary", reason: " " }, expect: "INVALID_INPUT", why: "an amendment needs a reason" },
  { scenario: "SIGNED", actor: "SUP", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "allow", why: "a supervisor amends with a reason" },
  { scenario: "SIGNED", actor: "R", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "FORBIDDEN", why: "any radiologist could reopen a colleague's report (issue 18.1)" },
  { scenario: "SIGNED", actor: "N", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "FORBIDDEN", why: "annotators do not amend reports" },
  { scenario: "SIGNED", actor: "ADM", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "FORBIDDEN", why: "admins do not amend reports" },
  { scenario: "HELD", actor: "A", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "CONFLICT", why: "only a signed reading is amended" },
  { scenario: "PRE", actor: "SUP", action: { kind: "amend", reading: "ai", reason: REASON }, expect: "FORBIDDEN", why: "the AI's reading is never amended" },
  { scenario: "ADJ_SIGNED", actor: "A", action: { kind: "amend", reading: "adjudication", reason: REASON }, expect: "FORBIDDEN", why: "issue 18 attack: the blinded primary reader amends the supervisor's signed adjudication", message: /Only a supervisor amends an adjudication/ },
  { scenario: "ADJ_SIGNED", actor: "C", action: { kind: "amend", reading: "adjudication", reason: REASON }, expect: "FORBIDDEN", why: "adjudications are amended by supervisors only" },
  { scenario: "ADJ_SIGNED", actor: "SUP2", action: { kind: "amend", reading: "adjudication", reason: REASON }, expect: "allow", why: "another supervisor amends the adjudication" },
  { scenario: "ADJ_SIGNED", actor: "A", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "CONFLICT", why: "once adjudicated, the adjudication is the record to amend" },
  { scenario: "BLIND_HALF", actor: "B", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "NOT_FOUND", why: "a blinded reader learns nothing of the other reading, not even that it exists" },
  { scenario: "BLIND_HALF", actor: "A", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "allow", why: "the signer amends their own blinded reading" },
  { scenario: "BLIND_HALF", actor: "SUP", action: { kind: "amend", reading: "primary", reason: REASON }, expect: "allow", why: "a supervisor who is not one of the readers amends" },
  // 12.5 Annotators: submit done; supervisors reopen.
  { scenario: "ANNOT", actor: "N", action: { kind: "submit", reading: "annotation" }, expect: "allow", why: "the annotator submits as done" },
  { scenario: "HELD", actor: "A", action: { kind: "submit", reading: "primary" }, expect: "CONFLICT", why: "readings are signed, not submitted" },
  { scenario: "ANNOT_DONE", actor: "SUP", action: { kind: "reopen", reading: "annotation" }, expect: "allow", why: "a supervisor reopens" },
  { scenario: "ANNOT_DONE", actor: "N", action: { kind: "reopen", reading: "annotation" }, expect: "FORBIDDEN", why: "the annotator cannot reopen it themselves" },
  { scenario: "ANNOT_DONE", actor: "R", action: { kind: "reopen", reading: "annotation" }, expect: "FORBIDDEN", why: "radiologists do not reopen annotations" },
  // 12.4 Blinding: the other reading is not visible; assigning is for supervisors.
  { scenario: "BLIND_HALF", actor: "B", action: { kind: "view", reading: "primary" }, expect: "NOT_FOUND", why: "B is blind to A's reading until both signed" },
  { scenario: "BLIND_HALF", actor: "R", action: { kind: "view", reading: "second" }, expect: "NOT_FOUND", why: "an outsider sees neither blinded reading" },
  { scenario: "BLIND_HALF", actor: "SUP", action: { kind: "view", reading: "primary" }, expect: "allow", why: "a supervisor who is not a reader sees both" },
  { scenario: "ADJ_WAIT", actor: "B", action: { kind: "view", reading: "primary" }, expect: "NOT_FOUND", why: "in adjudication the two readers stay blind to each other" },
  { scenario: "ADJ_WAIT", actor: "C", action: { kind: "view", reading: "primary" }, expect: "allow", why: "the adjudicator sees both readings" },
  { scenario: "ADJ_SIGNED", actor: "B", action: { kind: "view", reading: "primary" }, expect: "allow", why: "the final record exists: blinding ends" },
  { scenario: "PRE", actor: "R", action: { kind: "assign" }, expect: "FORBIDDEN", why: "readers do not assign" },
  { scenario: "PRE", actor: "SUP", action: { kind: "assign" }, expect: "allow", why: "supervisors assign" },
];

async function perform(row: TRow, world: TWorld, u: TUsers): Promise<unknown> {
  const actor = u[row.actor];
  const a = row.action;
  const reading = "reading" in a ? world.readings[a.reading] : undefined;
  if ("reading" in a && !reading) throw new Error(`scenario ${row.scenario} has no ${a.reading} reading`);
  switch (a.kind) {
    case "start":
      return startStudyReading({ studyId: world.studyId, userId: actor.id });
    case "edit": {
      const view = await effectiveAnnotations(reading!);
      const head = a.diagnosis ? view.find((x) => x.kind === "LEVEL_DIAGNOSIS" && x.key === "L3-L4")! : view.find((x) => x.kind === "VERTEBRA_BOX" && x.key === "L2")!;
      const data = a.diagnosis ? { level: "L3-L4", diagnosis: "bulge" } : { label: "L2", sopInstanceUid: "sag-mid", box: [101, 81, 141, 111] };
      return saveEdits({ readingId: reading!, user: { id: actor.id, role: actor.role as "RADIOLOGIST" }, changes: [{ kind: head.kind, key: head.key, baseRevisionId: head.revisionId, data }] });
    }
    case "sign":
      return signReading({ readingId: reading!, userId: actor.id });
    case "amend":
      return amendReading({ readingId: reading!, userId: actor.id, reason: a.reason ?? "" });
    case "release":
      return releaseReading({ readingId: reading!, userId: actor.id });
    case "reassign":
      return reassignReading({ readingId: reading!, userId: actor.id, toReaderId: u[a.to].id });
    case "submit":
      return submitAnnotation({ readingId: reading!, userId: actor.id });
    case "reopen":
      return reopenAnnotation({ readingId: reading!, userId: actor.id });
    case "view":
      return studyView({ studyId: world.studyId, user: { id: actor.id, role: actor.role as "RADIOLOGIST" }, readingId: reading! });
    case "assign":
      return assignStudy({ studyId: world.studyId, design: "SINGLE", readerIds: [u.R.id], actorId: actor.id });
  }
}

/** What a refused action must leave untouched: the study's readings (status, version) and its audit trail. */
async function footprint(studyId: string) {
  const readings = await db().reading.findMany({ where: { studyId }, orderBy: { id: "asc" }, select: { id: true, status: true, version: true, amendsId: true } });
  const study = await db().study.findUniqueOrThrow({ where: { id: studyId }, select: { reviewState: true, version: true } });
  return { readings, study, events: await db().auditEvent.count({ where: { studyId } }), revisions: await db().annotationRevision.count({ where: { annotation: { studyId } } }) };
}

describe("reading policy: (role × ownership × reading role × study state × action) against the spec (issues 12, 18.1)", () => {
  let users: TUsers;
  beforeAll(async () => {
    await resetDatabase();
    users = await makeUsers();
  });

  it.each(SPEC.map((row) => [`${row.scenario} · ${row.actor} ${row.action.kind}${"reading" in row.action ? ` ${row.action.reading}` : ""} → ${row.expect} (${row.why})`, row] as const))("%s", async (_name, row) => {
    const world = await buildWorld(row.scenario, users);
    const before = await footprint(world.studyId);
    const outcome = await perform(row, world, users).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (row.expect === "allow") {
      if (!outcome.ok) throw outcome.error;
      return;
    }
    expect(outcome.ok, "the spec refuses this action").toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(AppError);
    expect((outcome.error as AppError).code).toBe(row.expect);
    if (row.message) expect((outcome.error as AppError).userMessage).toMatch(row.message);
    expect(await footprint(world.studyId), "a refused action changes nothing").toEqual(before);
  });

  it("the issue-18 attack leaves the adjudicated study signed, its record and report untouched", async () => {
    const world = await buildWorld("ADJ_SIGNED", users);
    const reports = await db().report.findMany({ where: { studyId: world.studyId }, orderBy: { id: "asc" } });
    expect(reports.map((r) => r.readingId)).toEqual([world.readings.adjudication, world.readings.adjudication, world.readings.adjudication]);
    const error = await amendReading({ readingId: world.readings.adjudication!, userId: users.A.id, reason: "set every level to normal" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect((await db().study.findUniqueOrThrow({ where: { id: world.studyId } })).reviewState).toBe("SIGNED");
    expect(await db().reading.count({ where: { studyId: world.studyId, amendsId: { not: null } } })).toBe(0);
    expect(await db().report.findMany({ where: { studyId: world.studyId }, orderBy: { id: "asc" } })).toEqual(reports);
  });
});

describe("concurrency: the database decides (issues 12.1, 12.2)", () => {
  let users: TUsers;
  beforeAll(async () => {
    await resetDatabase();
    users = await makeUsers();
  });

  const settle = async (calls: Array<Promise<unknown>>) => {
    const results = await Promise.allSettled(calls);
    const codes = results.map((r) => (r.status === "fulfilled" ? "ok" : r.reason instanceof AppError ? r.reason.code : String(r.reason)));
    return { results, codes };
  };

  it("eight readers start the same study at once: exactly one holds it, seven get 409 naming nobody else", async () => {
    const world = await buildWorld("PRE", users);
    const readers = await Promise.all(Array.from({ length: 8 }, () => makeUsersOne()));
    const { results, codes } = await settle(readers.map((id) => startStudyReading({ studyId: world.studyId, userId: id })));
    expect(codes.filter((c) => c === "ok")).toHaveLength(1);
    expect(codes.filter((c) => c === "CONFLICT")).toHaveLength(7);
    const winner = readers[results.findIndex((r) => r.status === "fulfilled")]!;
    const open = await db().reading.findMany({ where: { studyId: world.studyId, role: "PRIMARY", status: { in: ["ASSIGNED", "IN_PROGRESS"] } } });
    expect(open.map((r) => r.readerId)).toEqual([winner]);
    const name = (await db().user.findUniqueOrThrow({ where: { id: winner } })).name;
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).userMessage).toMatch(new RegExp(`^(${name} has held|Another reader started)`));
  });

  it("the same reading signed from five tabs at once: one signature, four 409, one snapshot, one set of reports", async () => {
    const world = await buildWorld("HELD", users);
    const { codes } = await settle(Array.from({ length: 5 }, () => signReading({ readingId: world.readings.primary!, userId: users.A.id })));
    expect(codes.filter((c) => c === "ok")).toHaveLength(1);
    expect(codes.filter((c) => c === "STUDY_SIGNED")).toHaveLength(4);
    expect(await db().signedSnapshot.count({ where: { readingId: world.readings.primary! } })).toBe(1);
    expect((await listReports(world.studyId)).map((r) => r.format).sort()).toEqual(["fhir", "pdf", "sr"]);
    expect(await db().auditEvent.count({ where: { studyId: world.studyId, type: "READING_SIGNED" } })).toBe(1);
  });

  it("the signer and a supervisor amend the same signed reading at once: one amendment, one 409", async () => {
    const world = await buildWorld("SIGNED", users);
    const { codes } = await settle([
      amendReading({ readingId: world.readings.primary!, userId: users.A.id, reason: REASON }),
      amendReading({ readingId: world.readings.primary!, userId: users.SUP.id, reason: REASON }),
    ]);
    expect(codes.sort()).toEqual(["CONFLICT", "ok"]);
    expect(await db().reading.count({ where: { amendsId: world.readings.primary! } })).toBe(1);
  });

  it("saves racing a signature either land in the signed snapshot or are refused: nothing is saved into a signed reading", async () => {
    const world = await buildWorld("HELD", users);
    const readingId = world.readings.primary!;
    const heads = (await effectiveAnnotations(readingId)).filter((a) => a.kind === "VERTEBRA_BOX");
    const saves = heads.map((h, i) => {
      const data = h.data as { label: string; sopInstanceUid: string; box: [number, number, number, number] };
      return saveEdits({ readingId, user: { id: users.A.id, role: "RADIOLOGIST" }, changes: [{ kind: "VERTEBRA_BOX", key: h.key, baseRevisionId: h.revisionId, data: { ...data, box: [data.box[0] + i + 1, data.box[1], data.box[2] + i + 1, data.box[3]] } }] });
    });
    const { codes } = await settle([signReading({ readingId, userId: users.A.id }), ...saves]);
    expect(codes[0]).toBe("ok");
    expect(codes.slice(1).every((c) => c === "ok" || c === "STUDY_SIGNED")).toBe(true);
    const snapshot = (await db().signedSnapshot.findUniqueOrThrow({ where: { readingId } })).content as { values: Array<{ revisionId: string }> };
    const frozen = new Set(snapshot.values.map((v) => v.revisionId));
    const boxRevisions = await db().annotationRevision.findMany({ where: { annotation: { readingId, kind: "VERTEBRA_BOX" }, source: "HUMAN" }, select: { id: true } });
    expect(boxRevisions.length).toBe(codes.slice(1).filter((c) => c === "ok").length);
    for (const r of boxRevisions) expect(frozen.has(r.id)).toBe(true);
  });

  async function makeUsersOne(): Promise<string> {
    const u = await db().user.create({ data: { email: `racer-${Math.random().toString(36).slice(2)}@test.local`, name: `Racer ${Math.random().toString(36).slice(2, 7)}`, role: "RADIOLOGIST", passwordHash: "x" } });
    return u.id;
  }
});
