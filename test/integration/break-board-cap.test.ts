import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { assignmentBoard, assignmentBoardTotal, BOARD_ROWS } from "../../lib/supervision";
import { makeUser, resetDatabase } from "./helpers";

/**
 * Tried to break (tester session, 2026-11-30): the assignment board lists the newest 200 studies
 * not yet signed, and said "200 of 200" with 201 or more: the oldest were neither shown nor
 * findable by the search (it filters in the browser), and nothing said so. The board now knows
 * how many there are, so the page can say it shows only the newest BOARD_ROWS.
 */
describe("[SUPERVISION] break: the board says when it shows only part of the studies to assign", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("counts every study not yet signed, beyond the rows it lists", async () => {
    const sam = await makeUser("SUPERVISOR");
    const patient = await db().patient.create({ data: { patientId: "P-CAP" } });
    const t0 = Date.now() - 1_000_000;
    await db().study.createMany({
      data: Array.from({ length: 203 }, (_, i) => ({ studyInstanceUid: `1.2.826.0.1.99.${i}`, patientId: patient.id, createdAt: new Date(t0 + i * 1000), accessionNumber: `CAP-${i}` })),
    });
    await db().study.create({ data: { studyInstanceUid: "1.2.826.0.1.99.signed", patientId: patient.id, reviewState: "SIGNED" } });
    expect(BOARD_ROWS).toBe(200);
    const rows = await assignmentBoard(sam);
    expect(rows).toHaveLength(200);
    // The newest first: CAP-0..CAP-2 are the ones left out.
    expect(rows.map((r) => r.accessionNumber)).not.toContain("CAP-0");
    expect(await assignmentBoardTotal()).toBe(203);
  });
});
