import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { saveAiPredictions } from "../lib/annotations";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import { writeStudy } from "../lib/phantom/write-study";
import { analysisFromTruth } from "../lib/review/analysis-from-truth";
import { importFiles } from "../lib/studies/import-files";

/**
 * Data for bench/load.ts on the database of DATABASE_URL: `count` annotators
 * bench-annotator-<i>@discern.local with `password`, and one phantom study (seed 7) imported and
 * pre-annotated from its known truth (the bench measures serving, not inference). Idempotent.
 * Returns the study's id.
 */
export async function seedLoadBench(count: number, password: string): Promise<string> {
  const passwordHash = await hashPassword(password);
  for (let i = 0; i < count; i += 1) {
    const email = `bench-annotator-${i}@discern.local`;
    await db().user.upsert({ where: { email }, create: { email, name: `Bench annotator ${i}`, role: "ANNOTATOR", passwordHash }, update: { passwordHash, disabled: false } });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-load-"));
  try {
    const written = await writeStudy(dir, { seed: 7, variant: "mixed" });
    const uid = written.study.truth.studyInstanceUid;
    const existing = await db().study.findUnique({ where: { studyInstanceUid: uid } });
    if (existing) return existing.id;
    await importFiles({ paths: [written.dir], source: "bench" });
    const study = await db().study.findUniqueOrThrow({ where: { studyInstanceUid: uid } });
    const run = await db().pipelineRun.create({ data: { studyId: study.id, status: "DONE", progress: 1, finishedAt: new Date() } });
    await saveAiPredictions({ studyId: study.id, pipelineRunId: run.id, analysis: analysisFromTruth(written.study.truth), modelVersionIds: {} });
    return study.id;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db().$disconnect();
  }
}
