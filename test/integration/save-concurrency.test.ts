import { Client } from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { effectiveAnnotations, saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { saveEdits, signReading, startStudyReading } from "../../lib/review";
import { readSnapshot, snapshotLevels } from "../../lib/review/snapshot";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

/**
 * The save path (lib/review/save-edits.ts: lockForSave, then the heads it changes) under
 * concurrency: it takes fewer, combined statements since issue 18's load run, and must still keep
 * one reader's saves in order, refuse a stale base with 409, start an assigned reading once,
 * and never write into a reading signed meanwhile.
 */
async function preAnnotated() {
  const fx = await makeAnalysedStudy();
  await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
  return fx;
}

function codeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === "fulfilled") return "OK";
  return result.reason instanceof AppError ? result.reason.code : String(result.reason);
}

describe("save path under concurrency", () => {
  beforeEach(resetDatabase);

  it("20 parallel saves naming one base: one is kept, 19 are refused with CONFLICT, nothing else is written", async () => {
    const { study } = await preAnnotated();
    const reader = await makeUser("RADIOLOGIST");
    const user = { id: reader.id, role: "RADIOLOGIST" as const };
    const { reading } = await startStudyReading({ studyId: study.id, userId: reader.id });
    const ai = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    const diagnoses = ["normal", "herniation"] as const;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        saveEdits({ readingId: reading.id, user, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: ai.revisionId, data: { level: "L4-L5", diagnosis: diagnoses[i % 2] } }] }),
      ),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === "OK")).toHaveLength(1);
    expect(codes.filter((c) => c === "CONFLICT")).toHaveLength(19);
    const revisions = await db().annotationRevision.findMany({ where: { annotation: { readingId: reading.id } } });
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.replacesRevisionId).toBe(ai.revisionId);
    expect(revisions[0]!.authorId).toBe(reader.id);
    expect(await db().auditEvent.count({ where: { type: "ANNOTATION_REVISED", studyId: study.id } })).toBe(1);
    const head = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    expect(head.revisionId).toBe(revisions[0]!.id);
  });

  it("six parallel first saves of an assigned reading start it once, move the study once, and keep all six changes", async () => {
    const { study } = await preAnnotated();
    const supervisor = await makeUser("SUPERVISOR");
    const reader = await makeUser("RADIOLOGIST");
    const reading = await db().reading.create({ data: { studyId: study.id, role: "PRIMARY", readerId: reader.id, assignedById: supervisor.id, status: "ASSIGNED" } });
    const boxes = (await effectiveAnnotations(reading.id)).filter((a) => a.kind === "VERTEBRA_BOX");
    expect(boxes).toHaveLength(6);
    const results = await Promise.allSettled(
      boxes.map((b) => {
        const data = b.data as { label: string; sopInstanceUid: string; box: [number, number, number, number] };
        const [x0, y0, x1, y1] = data.box;
        return saveEdits({ readingId: reading.id, user: { id: reader.id, role: "RADIOLOGIST" }, changes: [{ kind: "VERTEBRA_BOX", key: b.key, baseRevisionId: b.revisionId, data: { ...data, box: [x0 + 2, y0, x1 + 2, y1] } }] });
      }),
    );
    expect(results.map(codeOf)).toEqual(["OK", "OK", "OK", "OK", "OK", "OK"]);
    const after = await db().reading.findUniqueOrThrow({ where: { id: reading.id } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(await db().auditEvent.count({ where: { type: "READING_STARTED", studyId: study.id } })).toBe(1);
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("IN_REVIEW");
    const moves = await db().auditEvent.findMany({ where: { type: "STUDY_STATE_CHANGED", studyId: study.id } });
    expect(moves.filter((m) => (m.payload as { to?: string }).to === "IN_REVIEW")).toHaveLength(1);
    const heads = (await effectiveAnnotations(reading.id)).filter((a) => a.kind === "VERTEBRA_BOX");
    expect(heads.map((h) => [h.readingId, h.source, h.seq])).toEqual(boxes.map(() => [reading.id, "HUMAN", 1]));
    expect(heads.map((h) => h.replacesRevisionId).sort()).toEqual(boxes.map((b) => b.revisionId).sort());
  });

  it("a save that peeked before a concurrent state change still makes its own state change, under the study's update lock", async () => {
    const { study } = await preAnnotated();
    const reader = await makeUser("RADIOLOGIST");
    const { reading } = await startStudyReading({ studyId: study.id, userId: reader.id });
    const head = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    let save: Promise<unknown> = Promise.resolve();
    // A stand-in for a state change in flight: it holds the study's update lock while the save
    // peeks (IN_REVIEW: a save that changes no state) and then leaves the study PRE_ANNOTATED,
    // which the save's single-read primary reading moves back to IN_REVIEW.
    await db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ${study.id} FOR UPDATE`;
      save = saveEdits({ readingId: reading.id, user: { id: reader.id, role: "RADIOLOGIST" }, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: head.revisionId, data: { level: "L4-L5", diagnosis: "herniation" } }] });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await tx.$executeRaw`UPDATE "Study" SET "reviewState" = 'PRE_ANNOTATED' WHERE id = ${study.id}`;
    });
    await save;
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).reviewState).toBe("IN_REVIEW");
    const moves = await db().auditEvent.findMany({ where: { type: "STUDY_STATE_CHANGED", studyId: study.id } });
    expect(moves.map((m) => m.payload as { from: string; to: string }).filter((p) => p.from === "PRE_ANNOTATED" && p.to === "IN_REVIEW")).toHaveLength(2);
    expect((await effectiveAnnotations(reading.id)).find((a) => a.key === "L4-L5")?.data).toMatchObject({ diagnosis: "herniation" });
  });

  it("a chain of saves racing a sign: the signed snapshot holds the reading's last head, and the next save is refused", async () => {
    const { study } = await preAnnotated();
    const reader = await makeUser("RADIOLOGIST");
    const user = { id: reader.id, role: "RADIOLOGIST" as const };
    const { reading } = await startStudyReading({ studyId: study.id, userId: reader.id });
    let base = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!.revisionId;
    const cycle = ["normal", "herniation", "bulge"] as const;
    let accepted = 0;
    const saving = (async () => {
      for (let i = 0; i < 200; i += 1) {
        try {
          const [saved] = await saveEdits({ readingId: reading.id, user, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: base, data: { level: "L4-L5", diagnosis: cycle[i % 3] } }] });
          base = saved!.revisionId;
          accepted += 1;
        } catch (error) {
          return error instanceof AppError ? error.code : String(error);
        }
      }
      return "never refused";
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await signReading({ readingId: reading.id, userId: reader.id });
    expect(await saving).toBe("STUDY_SIGNED");
    expect(accepted).toBeGreaterThan(0);
    const frozen = await readSnapshot(db(), reading.id);
    const head = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    expect(head.revisionId).toBe(base);
    expect(snapshotLevels(frozen!.snapshot).get("L4-L5")?.diagnosis).toBe((head.data as { diagnosis: string }).diagnosis);
    expect(await db().annotationRevision.count({ where: { annotation: { readingId: reading.id } } })).toBe(accepted);
  });
  it("a save waiting for its study's lock holds no lock on its reading yet (study → reading, as every state change: no deadlock)", async () => {
    const { study } = await preAnnotated();
    const reader = await makeUser("RADIOLOGIST");
    const { reading } = await startStudyReading({ studyId: study.id, userId: reader.id });
    const ai = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    const holder = new Client({ connectionString: url });
    const prober = new Client({ connectionString: url });
    await holder.connect();
    await prober.connect();
    try {
      // Another transaction holds the study's update lock, as a sign or an assignment does.
      await holder.query("BEGIN");
      await holder.query('SELECT id FROM "Study" WHERE id = $1 FOR UPDATE', [study.id]);
      const save = saveEdits({ readingId: reading.id, user: { id: reader.id, role: "RADIOLOGIST" }, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: ai.revisionId, data: { level: "L4-L5", diagnosis: "herniation" } }] });
      // Until the save is seen waiting on a lock, then a little longer.
      let seenWaiting = false;
      for (let i = 0; i < 250 && !seenWaiting; i++) {
        const waiting = await prober.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
        seenWaiting = waiting.rows[0].n > 0;
        if (!seenWaiting) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(seenWaiting).toBe(true);
      // The reading is free: the waiting save has not locked it before the study.
      await prober.query("BEGIN");
      await expect(prober.query('SELECT id FROM "Reading" WHERE id = $1 FOR UPDATE NOWAIT', [reading.id])).resolves.toBeDefined();
      await prober.query("ROLLBACK");
      await holder.query("COMMIT");
      const saved = await save;
      expect(saved[0]).toMatchObject({ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", data: { diagnosis: "herniation" } });
    } finally {
      await holder.end();
      await prober.end();
    }
  });
});
