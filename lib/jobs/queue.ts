import PgBoss from "pg-boss";
import { databaseUrl } from "../config/env";

/** The pg-boss queue that carries pipeline jobs; its tables live in the `pgboss` schema. */
export const PIPELINE_QUEUE = "discern-pipeline";
export const PGBOSS_SCHEMA = "pgboss";

/** Data of one pipeline job: the PipelineRun row it works on (a retry reuses the same run). */
export interface TPipelineJobData {
  pipelineRunId: string;
  studyId: string;
}

/**
 * Job settings. A job whose worker dies (crash, killed machine) stays `active` until it expires,
 * then pg-boss puts it back for another worker while retries remain.
 */
export const PIPELINE_JOB_OPTIONS = {
  retryLimit: 2,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
} as const;

interface BossEntry {
  url: string;
  boss: Promise<PgBoss>;
}

const globalForBoss = globalThis as unknown as { discernBoss?: BossEntry };

export interface TGetBossOptions {
  /** Run pg-boss maintenance (expiry, retention) in this process: workers yes, web and CLI no. */
  supervise?: boolean;
}

/**
 * The process's pg-boss on the application database (schema `pgboss`, created by `start()` on
 * first use, safely across processes). Senders (web, import) start it without maintenance;
 * workers with it. The queue uses the `stately` policy keyed by study: at most one queued and
 * one running job per study, so two workers never analyse the same study at once.
 */
export function getBoss(options: TGetBossOptions = {}): Promise<PgBoss> {
  const url = databaseUrl();
  const existing = globalForBoss.discernBoss;
  if (existing && existing.url === url) return existing.boss;
  const boss = (async () => {
    const b = new PgBoss({
      connectionString: url,
      schema: PGBOSS_SCHEMA,
      max: 4,
      supervise: options.supervise ?? false,
      schedule: false,
      application_name: "discern-jobs",
    });
    b.on("error", (error) => process.stderr.write(`pg-boss: ${error.message}\n`));
    await b.start();
    if (!(await b.getQueue(PIPELINE_QUEUE))) {
      try {
        await b.createQueue(PIPELINE_QUEUE, { name: PIPELINE_QUEUE, policy: "stately", ...PIPELINE_JOB_OPTIONS });
      } catch (error) {
        // Another process created it between the check and the insert.
        if (!(await b.getQueue(PIPELINE_QUEUE))) throw error;
      }
    }
    return b;
  })();
  globalForBoss.discernBoss = { url, boss };
  boss.catch(() => {
    if (globalForBoss.discernBoss?.boss === boss) delete globalForBoss.discernBoss;
  });
  return boss;
}

/** Stops this process's pg-boss (CLI exit, worker shutdown, tests). */
export async function stopBoss(): Promise<void> {
  const entry = globalForBoss.discernBoss;
  if (!entry) return;
  delete globalForBoss.discernBoss;
  const boss = await entry.boss.catch(() => undefined);
  await boss?.stop({ graceful: true, close: true, wait: true, timeout: 10_000 });
}
