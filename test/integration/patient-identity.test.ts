import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { studyView, worklist } from "../../lib/review";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

const NAME = "DOE^JANE^Q";
const BIRTH = "19610214";
const PSEUDONYM = /^Study [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A pre-annotated study of a patient with a name, an ID and a birth date. */
async function identifiedStudy(design: "SINGLE" | "DOUBLE_BLINDED" = "SINGLE") {
  const fx = await makeAnalysedStudy();
  await db().patient.update({ where: { id: fx.patient.id }, data: { name: NAME, birthDate: BIRTH } });
  await db().study.update({ where: { id: fx.study.id }, data: { readingDesign: design } });
  await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: {} });
  return { studyId: fx.study.id, patientId: fx.patient.patientId };
}

/** Everything a viewer receives, as text, to search for identifiers anywhere in it. */
const asText = (value: unknown) => JSON.stringify(value);

async function identityViews(actorId: string) {
  return db().auditEvent.findMany({ where: { type: "PATIENT_IDENTITY_VIEWED", actorId }, orderBy: { createdAt: "asc" } });
}

describe("[REVIEW] minimum necessary: pseudonyms for annotators and blinded readers (issue 18)", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("shows an annotator the study pseudonym, never the name, ID or birth date, in the worklist and the study view", async () => {
    const { studyId, patientId } = await identifiedStudy();
    const annotator = await makeUser("ANNOTATOR");
    const rows = await worklist(annotator);
    const view = await studyView({ studyId, user: annotator });
    for (const shown of [rows, view]) {
      for (const needle of [patientId, "DOE", "JANE", BIRTH]) expect(asText(shown)).not.toContain(needle);
    }
    expect(rows[0]).toMatchObject({ id: studyId, patientName: expect.stringMatching(PSEUDONYM), patientId: "", identified: false });
    expect(view.study.patientName).toBe(rows[0]!.patientName);
    expect(await identityViews(annotator.id)).toHaveLength(0);
  });

  it("shows a radiologist the patient and audits each view of it, without the identity in the event", async () => {
    const { studyId, patientId } = await identifiedStudy();
    const radiologist = await makeUser("RADIOLOGIST");
    expect((await worklist(radiologist))[0]).toMatchObject({ patientName: NAME, patientId, identified: true });
    expect((await studyView({ studyId, user: radiologist })).study).toMatchObject({ patientName: NAME, patientId });
    await studyView({ studyId, user: radiologist });
    const events = await identityViews(radiologist.id);
    expect(events.map((e) => [e.payload, e.studyId])).toEqual([
      [{ surface: "worklist", studies: 1 }, null],
      [{ surface: "study-view", studies: 1 }, studyId],
      [{ surface: "study-view", studies: 1 }, studyId],
    ]);
    expect(asText(events)).not.toContain("DOE");
  });

  it("hides the identity from the two blinded readers of a double-read study, not from the supervisor", async () => {
    const { studyId, patientId } = await identifiedStudy("DOUBLE_BLINDED");
    const [first, second, supervisor, outsider] = await Promise.all([makeUser("RADIOLOGIST"), makeUser("RADIOLOGIST"), makeUser("SUPERVISOR"), makeUser("RADIOLOGIST")]);
    await db().reading.create({ data: { studyId, role: "PRIMARY", status: "IN_PROGRESS", readerId: first.id } });
    await db().reading.create({ data: { studyId, role: "SECOND", status: "ASSIGNED", readerId: second.id } });
    for (const reader of [first, second, outsider]) {
      const [row] = await worklist(reader);
      expect(row).toMatchObject({ patientName: expect.stringMatching(PSEUDONYM), identified: false });
      expect(asText(row)).not.toContain(patientId);
    }
    expect((await worklist(supervisor))[0]).toMatchObject({ patientName: NAME, patientId, identified: true });
  });

  it("gives each study its own stable pseudonym", async () => {
    const a = await identifiedStudy();
    const b = await identifiedStudy();
    const annotator = await makeUser("ANNOTATOR");
    const first = new Map((await worklist(annotator)).map((r) => [r.id, r.patientName]));
    const again = new Map((await worklist(annotator)).map((r) => [r.id, r.patientName]));
    expect(first.get(a.studyId)).not.toBe(first.get(b.studyId));
    expect(again).toEqual(first);
  });
});
