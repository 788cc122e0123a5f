import { Client } from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { effectiveAnnotations, saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { saveEdits, startStudyReading } from "../../lib/review";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

/**
 * Rule (lib/annotations/revise-annotation.ts): each change must name the head the user saw as
 * baseRevisionId, else the batch is refused with CONFLICT. An unsigned reading's AI layer is the
 * study's current AI reading. A save that waited for its study's lock while a pipeline rerun
 * stored a new AI reading must therefore judge its base against the new AI layer, not the one
 * current when the save's statement began waiting.
 */
describe("attack: a save waiting on the study lock while a rerun replaces the AI reading", () => {
  beforeEach(resetDatabase);

  it("refuses a base taken from the superseded AI reading with CONFLICT", async () => {
    const fx = await makeAnalysedStudy();
    const first = await saveAiPredictions({ studyId: fx.study.id, pipelineRunId: fx.run.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
    const reader = await makeUser("RADIOLOGIST");
    const { reading } = await startStudyReading({ studyId: fx.study.id, userId: reader.id });
    expect((await db().reading.findUniqueOrThrow({ where: { id: reading.id } })).aiReadingId).toBeNull();
    const seen = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    expect(seen.readingId).toBe(first.reading.id);
    const run2 = await db().pipelineRun.create({ data: { studyId: fx.study.id, status: "DONE", progress: 1 } });

    const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    const holder = new Client({ connectionString: url });
    const prober = new Client({ connectionString: url });
    await holder.connect();
    await prober.connect();
    const waiting = async (n: number) => {
      for (let i = 0; i < 500; i++) {
        const r = await prober.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
        if (r.rows[0].n >= n) return true;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return false;
    };
    try {
      // Holds the rerun after it took the study's update lock (it waits to supersede the old AI reading).
      await holder.query("BEGIN");
      await holder.query('SELECT id FROM "Reading" WHERE id = $1 FOR UPDATE', [first.reading.id]);
      const rerun = saveAiPredictions({ studyId: fx.study.id, pipelineRunId: run2.id, analysis: fx.analysis, modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId } });
      expect(await waiting(1)).toBe(true);
      const save = saveEdits({
        readingId: reading.id,
        user: { id: reader.id, role: "RADIOLOGIST" },
        changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: seen.revisionId, data: { level: "L4-L5", diagnosis: "herniation" } }],
      }).then(
        () => "OK",
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
      expect(await waiting(2)).toBe(true);
      await holder.query("COMMIT");
      const second = await rerun;
      expect(second.created).toBe(true);
      expect(await save).toBe("CONFLICT");
      const head = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
      expect(head.readingId).toBe(second.reading.id);
    } finally {
      await holder.end();
      await prober.end();
    }
  });
});
