import type PgBoss from "pg-boss";
import { recordAudits } from "../audit/record-audit";
import { db } from "../db/client";
import type { TEnqueuedPipeline, TEnqueuePipelineOptions } from "./enqueue-pipeline";
import { getBoss, PIPELINE_JOB_OPTIONS, PIPELINE_QUEUE } from "./queue";

/**
 * Queues the AI pipeline on many studies at once (the end of an import): the same rules as
 * enqueuePipeline (a study with a run still QUEUED keeps it; one PIPELINE_QUEUED audit event per
 * new run; the study's pipelineStatus becomes QUEUED), in ONE transaction, then ONE pg-boss
 * `insert` of all the jobs (the queue's stately policy keeps one queued job per study: a job whose
 * singleton key is already queued is dropped by its unique index). As with enqueuePipeline, runs
 * are committed before their jobs are sent, and the worker's sweeper re-sends the job of any
 * QUEUED run without a live one, so a failure between the two loses nothing.
 *
 * Studies that no longer exist are left out of the result. Returns one entry per study queued or
 * already queued, in the order of `studyIds`.
 */
export async function enqueuePipelines(studyIds: string[], options: TEnqueuePipelineOptions = {}): Promise<Array<TEnqueuedPipeline & { studyId: string }>> {
  const ids = [...new Set(studyIds)].sort();
  if (ids.length === 0) return [];
  const byStudy = await db().$transaction(async (tx) => {
    // The same per-study lock as enqueuePipeline, taken in a fixed order (no deadlock between two batches).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('discern-pipeline:' || id)) FROM unnest(${ids}::text[]) AS id ORDER BY id`;
    const studies = await tx.study.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const present = new Set(studies.map((s) => s.id));
    const queued = await tx.pipelineRun.findMany({ where: { studyId: { in: ids }, status: "QUEUED" }, orderBy: { createdAt: "asc" }, select: { id: true, studyId: true } });
    const result = new Map<string, TEnqueuedPipeline>(queued.map((r) => [r.studyId, { pipelineRunId: r.id, created: false }]));
    const toCreate = ids.filter((id) => present.has(id) && !result.has(id));
    if (toCreate.length === 0) return result;
    const runs = await tx.pipelineRun.createManyAndReturn({ data: toCreate.map((studyId) => ({ studyId, status: "QUEUED" as const, progressLabel: "queued" })), select: { id: true, studyId: true } });
    await tx.study.updateMany({ where: { id: { in: toCreate } }, data: { pipelineStatus: "QUEUED", pipelineError: null } });
    await recordAudits(tx, runs.map((run) => ({ type: "PIPELINE_QUEUED" as const, payload: { pipelineRunId: run.id }, actorId: options.actorId ?? null, studyId: run.studyId })));
    for (const run of runs) result.set(run.studyId, { pipelineRunId: run.id, created: true });
    return result;
  });
  const startAfter = options.startAfterSeconds && options.startAfterSeconds > 0 ? { startAfter: `${options.startAfterSeconds} seconds` } : {};
  const jobs: PgBoss.JobInsert[] = [...byStudy]
    .filter(([, r]) => r.created)
    .map(([studyId, r]) => ({ name: PIPELINE_QUEUE, data: { pipelineRunId: r.pipelineRunId, studyId }, singletonKey: studyId, ...PIPELINE_JOB_OPTIONS, ...startAfter }));
  if (jobs.length > 0) await (await getBoss()).insert(jobs);
  return studyIds.filter((id, i) => byStudy.has(id) && studyIds.indexOf(id) === i).map((studyId) => ({ studyId, ...byStudy.get(studyId)! }));
}
