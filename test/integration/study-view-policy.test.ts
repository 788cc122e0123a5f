import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { startStudyReading, studyView, worklist } from "../../lib/review";
import { buildWorld, makeUsers, type TUsers } from "./policy-world";
import { resetDatabase } from "./helpers";

const as = (u: { id: string; role: string }) => ({ id: u.id, role: u.role as "RADIOLOGIST" });

describe("what the viewer and the worklist show each person (issues 12.1, 12.4)", () => {
  let users: TUsers;
  beforeAll(async () => {
    await resetDatabase();
    users = await makeUsers();
  });

  it("viewing claims nothing; a held study opens read-only for others with who holds it and since when", async () => {
    const world = await buildWorld("PRE", users);
    const before = await studyView({ studyId: world.studyId, user: as(users.R) });
    expect([before.canStart, before.editable, before.holder]).toEqual([true, false, null]);
    expect(await db().reading.count({ where: { studyId: world.studyId, role: { not: "AI" } } })).toBe(0);

    const { reading } = await startStudyReading({ studyId: world.studyId, userId: users.A.id });
    const other = await studyView({ studyId: world.studyId, user: as(users.R) });
    expect(other.holder).toEqual({ readingId: reading.id, readerName: users.A.name, since: reading.startedAt!.toISOString() });
    expect([other.canStart, other.editable, other.canSign]).toEqual([false, false, false]);
    expect(other.startRefusal).toMatch(new RegExp(`^${users.A.name} has held this study's reading since`));
    const holder = await studyView({ studyId: world.studyId, user: as(users.A) });
    expect([holder.holder, holder.editable, holder.canSign, holder.releasableReadingId]).toEqual([null, true, true, reading.id]);
    const supervisor = await studyView({ studyId: world.studyId, user: as(users.SUP) });
    expect(supervisor.releasableReadingId).toBe(reading.id);
    expect(await db().reading.count({ where: { studyId: world.studyId, role: { not: "AI" } } })).toBe(1);
  });

  it("second readers and adjudicators get Sign; only the adjudicator and supervisors get the side-by-side view", async () => {
    const half = await buildWorld("BLIND_HALF", users);
    const b = await studyView({ studyId: half.studyId, user: as(users.B) });
    expect([b.reading?.role, b.canSign, b.adjudication]).toEqual(["SECOND", true, null]);
    expect(b.readings.map((r) => r.role).sort()).toEqual(["AI", "SECOND"]);

    const wait = await buildWorld("ADJ_WAIT", users);
    const c = await studyView({ studyId: wait.studyId, user: as(users.C) });
    expect([c.reading?.role, c.canSign]).toEqual(["ADJUDICATION", true]);
    expect(c.adjudication?.levels.filter((l) => l.disagree)).toEqual([{ level: "L4-L5", diagnoses: ["herniation", "normal"], disagree: true }]);
    expect(c.adjudication?.sides.map((s) => s.readerName)).toEqual([users.A.name, users.B.name]);
    const a = await studyView({ studyId: wait.studyId, user: as(users.A) });
    expect(a.adjudication).toBeNull();
    expect(a.readings.map((r) => r.role)).not.toContain("SECOND");
  });

  it("the worklist never names the other blinded reader; supervisors see both", async () => {
    const world = await buildWorld("BLIND_HALF", users);
    const row = async (u: { id: string; role: string }) => (await worklist(as(u))).find((r) => r.id === world.studyId)!;
    expect((await row(users.B)).assignee).toBe(users.B.name);
    expect((await row(users.A)).assignee).toBeNull(); // A signed; B's open reading is hidden from A
    expect((await row(users.R)).assignee).toBeNull();
    expect((await row(users.SUP)).assignee).toBe(users.B.name);
    expect((await row(users.B)).findingsSource).toBe("AI");
  });
});
