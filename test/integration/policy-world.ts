import type { Role } from "@prisma/client";
import { effectiveAnnotations, saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import type { TDiagnosis } from "../../lib/phantom/truth";
import { saveEdits, signReading, startStudyReading, submitAnnotation } from "../../lib/review";
import { assignAdjudicator, assignStudy } from "../../lib/supervision";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser } from "./helpers";

/** The people of the policy table: readers A, B, C, an unrelated reader R, supervisors, an annotator, an admin, a disabled reader. */
export const USER_KEYS = ["A", "B", "C", "R", "SUP", "SUP2", "N", "ADM", "X"] as const;
export type TUserKey = (typeof USER_KEYS)[number];
export type TUsers = Record<TUserKey, { id: string; role: Role; name: string }>;

const ROLES: Record<TUserKey, Role> = { A: "RADIOLOGIST", B: "RADIOLOGIST", C: "RADIOLOGIST", R: "RADIOLOGIST", SUP: "SUPERVISOR", SUP2: "SUPERVISOR", N: "ANNOTATOR", ADM: "ADMIN", X: "RADIOLOGIST" };

export async function makeUsers(): Promise<TUsers> {
  const out = {} as TUsers;
  for (const key of USER_KEYS) {
    const u = await makeUser(ROLES[key]);
    if (key === "X") await db().user.update({ where: { id: u.id }, data: { disabled: true } });
    out[key] = { id: u.id, role: u.role, name: u.name };
  }
  return out;
}

/** Study states of the table, each built through the real lib functions (no row written by hand). */
export const SCENARIOS = ["PRE", "HELD", "SIGNED", "BLIND_HALF", "ADJ_WAIT", "ADJ_SIGNED", "ANNOT", "ANNOT_DONE"] as const;
export type TScenario = (typeof SCENARIOS)[number];
export type TReadingKey = "ai" | "primary" | "second" | "adjudication" | "annotation";

export interface TWorld {
  studyId: string;
  readings: Partial<Record<TReadingKey, string>>;
}

/** Sets a level's diagnosis in a reading as its reader (the reading's view gives the base revision). */
export async function setDiagnosis(readingId: string, user: { id: string; role: Role }, level: string, diagnosis: TDiagnosis) {
  const head = (await effectiveAnnotations(readingId)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === level)!;
  await saveEdits({ readingId, user: { id: user.id, role: user.role as "RADIOLOGIST" }, changes: [{ kind: "LEVEL_DIAGNOSIS", key: level, baseRevisionId: head.revisionId, data: { level, diagnosis } }] });
}

/**
 * PRE: pre-annotated, nobody reads it. HELD: A started it and saved. SIGNED: A signed it.
 * BLIND_HALF: double-blinded A + B, A signed, B in progress. ADJ_WAIT: both signed, disagreeing
 * at L4-L5, C assigned to adjudicate. ADJ_SIGNED: the same adjudicated and signed by SUP.
 * ANNOT: annotator N started an annotation. ANNOT_DONE: N submitted it as done.
 */
export async function buildWorld(scenario: TScenario, u: TUsers): Promise<TWorld> {
  const fx = await makeAnalysedStudy();
  const ai = await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
  const world: TWorld = { studyId: fx.study.id, readings: { ai: ai.reading.id } };
  if (scenario === "PRE") return world;
  if (scenario === "ANNOT" || scenario === "ANNOT_DONE") {
    world.readings.annotation = (await startStudyReading({ studyId: world.studyId, userId: u.N.id })).reading.id;
    if (scenario === "ANNOT_DONE") await submitAnnotation({ readingId: world.readings.annotation, userId: u.N.id });
    return world;
  }
  if (scenario === "HELD" || scenario === "SIGNED") {
    const primary = (await startStudyReading({ studyId: world.studyId, userId: u.A.id })).reading.id;
    world.readings.primary = primary;
    await setDiagnosis(primary, u.A, "L4-L5", "herniation");
    if (scenario === "SIGNED") await signReading({ readingId: primary, userId: u.A.id });
    return world;
  }
  const { readings } = await assignStudy({ studyId: world.studyId, design: "DOUBLE_BLINDED", readerIds: [u.A.id, u.B.id], actorId: u.SUP.id });
  world.readings.primary = readings[0]!.id;
  world.readings.second = readings[1]!.id;
  await setDiagnosis(world.readings.primary, u.A, "L4-L5", "herniation");
  await signReading({ readingId: world.readings.primary, userId: u.A.id });
  await setDiagnosis(world.readings.second, u.B, "L4-L5", "normal");
  if (scenario === "BLIND_HALF") return world;
  await signReading({ readingId: world.readings.second, userId: u.B.id });
  const adjudicator = scenario === "ADJ_SIGNED" ? u.SUP : u.C;
  world.readings.adjudication = (await assignAdjudicator({ studyId: world.studyId, readerId: adjudicator.id, actorId: u.SUP.id })).reading.id;
  if (scenario === "ADJ_SIGNED") {
    await setDiagnosis(world.readings.adjudication, u.SUP, "L4-L5", "bulge");
    await signReading({ readingId: world.readings.adjudication, userId: u.SUP.id });
  }
  return world;
}
