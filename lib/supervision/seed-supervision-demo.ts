import { randomBytes } from "node:crypto";
import { effectiveAnnotations } from "../annotations";
import { hashPassword } from "../auth/password";
import { db } from "../db/client";
import type { TDiagnosis, TDiscLevel } from "../phantom/truth";
import { saveEdits } from "../review/save-edits";
import { seedPhantomStudy } from "../review/seed-phantom-study";
import { assignAdjudicator } from "./assign-adjudicator";
import { assignStudy } from "./assign-study";
import { signSupervisedReading } from "./sign-supervised-reading";

/** The demo's second reader: a reader identity for seeded readings only (an unusable random password). */
const SECOND_READER = { email: "rex.reader@discern.local", name: "Rex Reader", role: "RADIOLOGIST" as const };
const SHIFT: Record<TDiagnosis, TDiagnosis> = { normal: "bulge", bulge: "herniation", herniation: "bulge" };

type TUser = { id: string; role: "RADIOLOGIST" | "SUPERVISOR" };
interface TPlan {
  seed: number;
  design: "SINGLE" | "DOUBLE_BLINDED";
  /** Levels each reader changes from the AI's diagnosis (to the next class), first reader first. */
  changes: TDiscLevel[][];
  /** Levels the adjudicator changes; undefined: leave the study waiting in ADJUDICATION. */
  adjudicate?: TDiscLevel[];
  moveL4?: boolean;
}

/**
 * Demo and end-to-end data for the supervisor dashboard, through the same lib functions a
 * supervisor and readers use: three phantom studies (seeds 9102–9104, pre-annotated by the models) read
 * blinded-double: one agreed (with a moved vertebra box), one adjudicated (a confident AI label
 * overruled: it lands in the label-noise queue), one waiting for an adjudicator. Three, because
 * each phantom costs seconds of CPU in every end-to-end run; single readings come from the
 * review demo.
 * Idempotent: a study that already has a human reading is left alone. Needs the demo logins.
 */
export async function seedSupervisionDemo(options: { log: (line: string) => void }): Promise<void> {
  const rita = await db().user.findUnique({ where: { email: "radiologist@discern.local" } });
  const sam = await db().user.findUnique({ where: { email: "supervisor@discern.local" } });
  if (!rita || !sam) return options.log("Supervision demo skipped: the demo logins are missing.");
  const rex =
    (await db().user.findUnique({ where: { email: SECOND_READER.email } })) ??
    (await db().user.create({ data: { ...SECOND_READER, passwordHash: await hashPassword(randomBytes(24).toString("hex")) } }));
  const R: TUser = { id: rita.id, role: "RADIOLOGIST" };
  const X: TUser = { id: rex.id, role: "RADIOLOGIST" };
  const S: TUser = { id: sam.id, role: "SUPERVISOR" };

  const plans: TPlan[] = [
    { seed: 9102, design: "DOUBLE_BLINDED", changes: [["L4-L5"], ["L4-L5"]], moveL4: true },
    { seed: 9103, design: "DOUBLE_BLINDED", changes: [["L5-S1"], []], adjudicate: ["L5-S1"] },
    { seed: 9104, design: "DOUBLE_BLINDED", changes: [[], ["L3-L4"]] },
  ];
  let done = 0;
  for (const plan of plans) {
    const { studyId } = await seedPhantomStudy({ seed: plan.seed, variant: "standard", ai: "pipeline" });
    if ((await db().reading.count({ where: { studyId, role: { in: ["PRIMARY", "SECOND", "ADJUDICATION"] } } })) > 0) continue;
    const readers = plan.design === "SINGLE" ? [X] : [R, X];
    const { readings } = await assignStudy({ studyId, design: plan.design, readerIds: readers.map((u) => u.id), actorId: sam.id });
    for (const [i, reading] of readings.entries()) {
      await readAndSign(reading.id, readers[i]!, plan.changes[i] ?? [], plan.moveL4 === true && i === 0);
    }
    if (plan.adjudicate) {
      const { reading } = await assignAdjudicator({ studyId, readerId: sam.id, actorId: sam.id });
      await readAndSign(reading.id, S, plan.adjudicate, false);
    }
    done += 1;
  }
  if (done > 0) options.log(`Seeded ${done} supervised demo studies (double reading, adjudication).`);
}

async function readAndSign(readingId: string, user: TUser, levels: TDiscLevel[], moveL4: boolean): Promise<void> {
  const view = await effectiveAnnotations(readingId);
  const changes = [];
  for (const level of levels) {
    const current = view.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === level);
    if (!current) continue;
    const diagnosis = SHIFT[(current.data as { diagnosis: TDiagnosis }).diagnosis];
    changes.push({ kind: "LEVEL_DIAGNOSIS" as const, key: level, baseRevisionId: current.revisionId, data: { level, diagnosis } });
  }
  const l4 = moveL4 ? view.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4") : undefined;
  if (l4) {
    const data = l4.data as { label: "L4"; sopInstanceUid: string; box: [number, number, number, number] };
    const [x0, y0, x1, y1] = data.box;
    changes.push({ kind: "VERTEBRA_BOX" as const, key: "L4", baseRevisionId: l4.revisionId, data: { ...data, box: [x0 + 3, y0 + 2, x1 + 3, y1 + 2] } });
  }
  await saveEdits({ readingId, user, changes });
  await signSupervisedReading({ readingId, userId: user.id });
}
