import { beforeAll, describe, expect, it } from "vitest";
import { saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { reassignReading, releaseReading } from "../../lib/review";
import { assignStudy } from "../../lib/supervision";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

/** The code an action is refused with, or "allow". */
async function outcome(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
    return "allow";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/**
 * Found by trying to break the board (issue 18.1, "no action of a blinded reader can reveal or
 * alter the other reading"): a supervisor who is one of the two blinded readers read the other
 * reading's id in the audit log and released it. A supervisor reading blind manages no other
 * reading of that study; another supervisor still does.
 */
describe("a supervisor who reads a study blind", () => {
  let study: string;
  let rita: string;
  let samsOwn: string;
  const users: Record<string, { id: string }> = {};

  beforeAll(async () => {
    await resetDatabase();
    users.sam = await makeUser("SUPERVISOR");
    users.other = await makeUser("SUPERVISOR");
    users.rita = await makeUser("RADIOLOGIST");
    users.carl = await makeUser("RADIOLOGIST");
    const fx = await makeAnalysedStudy();
    await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
    study = fx.study.id;
    const { readings } = await assignStudy({ studyId: study, design: "DOUBLE_BLINDED", readerIds: [users.rita!.id, users.sam!.id], actorId: users.other!.id });
    rita = readings.find((r) => r.readerId === users.rita!.id)!.id;
    samsOwn = readings.find((r) => r.readerId === users.sam!.id)!.id;
  });

  it("cannot release or reassign the other blinded reading (it does not exist for them), and nothing changes", async () => {
    const before = await db().reading.findMany({ where: { studyId: study }, orderBy: { id: "asc" }, select: { id: true, status: true, readerId: true } });
    expect(await outcome(() => releaseReading({ readingId: rita, userId: users.sam!.id }))).toBe("NOT_FOUND");
    expect(await outcome(() => reassignReading({ readingId: rita, userId: users.sam!.id, toReaderId: users.carl!.id }))).toBe("NOT_FOUND");
    expect(await db().reading.findMany({ where: { studyId: study }, orderBy: { id: "asc" }, select: { id: true, status: true, readerId: true } })).toEqual(before);
  });

  it("leaves the managing to another supervisor, who may release and reassign", async () => {
    expect(await outcome(() => reassignReading({ readingId: rita, userId: users.other!.id, toReaderId: users.carl!.id }))).toBe("allow");
    const carls = await db().reading.findFirstOrThrow({ where: { studyId: study, readerId: users.carl!.id, status: { not: "SUPERSEDED" } } });
    expect(await outcome(() => releaseReading({ readingId: carls.id, userId: users.sam!.id }))).toBe("NOT_FOUND");
    expect(await outcome(() => releaseReading({ readingId: samsOwn, userId: users.other!.id }))).toBe("allow");
  });
});
