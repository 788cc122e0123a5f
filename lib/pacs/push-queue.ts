import type PgBoss from "pg-boss";
import { getBoss } from "../jobs/queue";
import { logError, logInfo } from "../log";

/** The pg-boss queue of STOW-RS pushes (one job per PacsPush row). */
export const PACS_PUSH_QUEUE = "discern-pacs-push";

export interface TPacsPushJobData {
  pushId: string;
}

/**
 * Retries with exponential backoff (pg-boss retryBackoff: retryDelay × 2^n, so 15 s, 30 s, 1 min,
 * 2 min, 4 min): a PACS down for a few minutes still receives the results.
 */
export const PACS_PUSH_JOB_OPTIONS = { retryLimit: 5, retryDelay: 15, retryBackoff: true, expireInSeconds: 10 * 60 } as const;

async function pushBoss(): Promise<PgBoss> {
  const boss = await getBoss();
  if (!(await boss.getQueue(PACS_PUSH_QUEUE))) {
    try {
      await boss.createQueue(PACS_PUSH_QUEUE, { name: PACS_PUSH_QUEUE, policy: "standard", ...PACS_PUSH_JOB_OPTIONS });
    } catch (error) {
      // Another process created it between the check and the insert.
      if (!(await boss.getQueue(PACS_PUSH_QUEUE))) throw error;
    }
  }
  return boss;
}

/** Sends one push job; a push already queued or running for the row keeps that job (singletonKey). */
export async function sendPacsPushJob(data: TPacsPushJobData): Promise<void> {
  const boss = await pushBoss();
  await boss.send(PACS_PUSH_QUEUE, { ...data }, { ...PACS_PUSH_JOB_OPTIONS, singletonKey: data.pushId });
}

type THandler = (data: TPacsPushJobData, attempt: { final: boolean }) => Promise<void>;

/** One turn of the push worker (tests call it): runs at most one job; null when none is due. */
export async function processNextPacsPushJob(handler: THandler): Promise<"done" | "failed" | null> {
  const boss = await pushBoss();
  const [job] = await boss.fetch<TPacsPushJobData>(PACS_PUSH_QUEUE, { includeMetadata: true, batchSize: 1 });
  if (!job) return null;
  try {
    await handler(job.data, { final: job.retryCount >= job.retryLimit });
    await boss.complete(PACS_PUSH_QUEUE, job.id);
    return "done";
  } catch (error) {
    await boss.fail(PACS_PUSH_QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) });
    return "failed";
  }
}

/** The push worker inside `npm run worker`: a thrown handler error makes pg-boss retry with backoff. */
export async function startPacsPushWorker(handler: THandler): Promise<void> {
  const boss = await pushBoss();
  await boss.work<TPacsPushJobData>(PACS_PUSH_QUEUE, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    try {
      await handler(job.data, { final: job.retryCount >= job.retryLimit });
      logInfo("worker", `pacs push ${job.data.pushId}: sent`);
    } catch (error) {
      logError("worker", error);
      throw error;
    }
  });
}
