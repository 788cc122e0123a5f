import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { eligibleStudyRows } from "../../lib/datasets";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { worklist } from "../../lib/review";
import { assignmentBoard, assignStudies } from "../../lib/supervision";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

/**
 * Tried to break (tester session, 2026-11-30): DICOM text is untrusted. One imported study whose
 * description, patient name, patient ID and accession are tens of thousands of characters made
 * every row of the worklist and the assignment board 528,000 px wide (the assign forms off
 * screen for every study) and put ~70 kB per row into the listing JSON. PS3.5 6.2 bounds these
 * values: LO (description, patient ID) 64 characters, SH (accession) 16, PN 64 per component
 * group (three groups). A listing shows a conformant value unchanged and cuts anything longer.
 */

const LONG = 30_000;
const hostile = {
  name: `<script>alert('pn')</script>^Evil${"X".repeat(LONG)}`,
  patientId: `"><svg onload=alert('pid')>${"X".repeat(LONG)}`,
  accession: `<b>ACC</b>"'&${"X".repeat(LONG)}`,
  description: `<img src=x onerror=alert('desc')>${"X".repeat(LONG)}`,
};

async function hostileStudy() {
  const fx = await makeAnalysedStudy();
  await db().patient.update({ where: { id: fx.patient.id }, data: { name: hostile.name, patientId: hostile.patientId } });
  await db().study.update({ where: { id: fx.study.id }, data: { accessionNumber: hostile.accession, description: hostile.description, studyDate: "20240720" } });
  return fx.study.id;
}

/** A conformant study: every value at its PS3.5 maximum length, which must be shown whole. */
async function conformantStudy() {
  const fx = await makeAnalysedStudy();
  const name = `${"F".repeat(30)}^${"G".repeat(33)}=${"I".repeat(64)}=${"P".repeat(64)}`;
  const patientId = `PID${"9".repeat(61)}`;
  await db().patient.update({ where: { id: fx.patient.id }, data: { name, patientId } });
  await db().study.update({ where: { id: fx.study.id }, data: { accessionNumber: "ACC4567890123456", description: `D${"d".repeat(63)}` } });
  return { id: fx.study.id, name, patientId, accession: "ACC4567890123456", description: `D${"d".repeat(63)}` };
}

type TShown = { id: string; patientName: string | null; patientId: string; accessionNumber: string | null; description: string | null };

function expectBounded(row: TShown) {
  expect(row.description!.length).toBeLessThanOrEqual(64);
  expect(row.patientId.length).toBeLessThanOrEqual(64);
  expect(row.accessionNumber!.length).toBeLessThanOrEqual(64);
  expect(row.patientName!.length).toBeLessThanOrEqual(194);
  // Cut, not replaced: the start is kept (escaping is React's job) and the cut is marked.
  expect(row.description!.startsWith("<img src=x onerror=alert('desc')>")).toBe(true);
  expect(row.description!.endsWith("…")).toBe(true);
  expect(row.patientId.endsWith("…")).toBe(true);
}

describe("[SUPERVISION] break: hostile DICOM text is bounded in every listing", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("the worklist, the assignment board and the dataset list cut values longer than DICOM allows, and show conformant ones whole", async () => {
    const sam = await makeUser("SUPERVISOR");
    const bad = await hostileStudy();
    const good = await conformantStudy();
    await db().reading.createMany({ data: [bad, good.id].map((studyId) => ({ studyId, role: "AI" as const, status: "DONE" as const })) });

    const listings: Array<[string, TShown[]]> = [
      ["worklist", await worklist(sam)],
      ["board", await assignmentBoard(sam)],
      ["datasets", (await eligibleStudyRows(sam, { labelSource: "AI" })).studies],
    ];
    for (const [where, rows] of listings) {
      const shown = new Map(rows.map((r) => [r.id, r]));
      expect([where, shown.size]).toEqual([where, 2]);
      expectBounded(shown.get(bad)!);
      expect([where, JSON.stringify(shown.get(bad)).length < 2_000]).toEqual([where, true]);
      expect(shown.get(good.id)).toMatchObject({ patientName: good.name, patientId: good.patientId, accessionNumber: good.accession, description: good.description });
    }
  });

  it("a bulk refusal naming a hostile study is one short sentence", async () => {
    const [sam, annotator] = await Promise.all([makeUser("SUPERVISOR"), makeUser("ANNOTATOR")]);
    const bad = await hostileStudy();
    const error = await assignStudies({ studyIds: [bad], readers: { design: "SINGLE", readerIds: [annotator.id] }, actorId: sam.id }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).userMessage).toMatch(/^Nothing was assigned because of accession <b>ACC<\/b>"'&X+… \(patient "><svg onload=alert\('pid'\)>X+…\): only radiologists/);
    expect((error as AppError).userMessage.length).toBeLessThan(300);
  });
});
