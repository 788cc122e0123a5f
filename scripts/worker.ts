/**
 * `npm run worker`: the pipeline job worker. Takes jobs from the pg-boss queue on DATABASE_URL,
 * runs the four-step pipeline with the registry's active model versions (reloaded when one is
 * promoted or rolled back) on the study's stored files and stores the AI reading. Run as many
 * as wanted, on as many machines as share the database. Device: DISCERN_DEVICE (cpu default).
 */
import { db } from "../lib/db/client";
import { resolveDevice } from "../lib/inference/device";
import { releaseModelSessions } from "../lib/inference/session";
import { startPipelineWorker } from "../lib/jobs/pipeline-worker";
import { stopBoss } from "../lib/jobs/queue";
import { startPacsPushWorker } from "../lib/pacs/push-queue";
import { runPacsPush } from "../lib/pacs/push-results";
import { logError, logInfo } from "../lib/log";
import { ensureActiveModels } from "../lib/models/ensure-active-models";
import { registryAnalyzer } from "../lib/models/registry-analyzer";

async function main(): Promise<void> {
  const device = resolveDevice();
  // The registry's active versions (lib/models); a fresh database gets models/ registered and activated.
  await ensureActiveModels({ log: (line) => logInfo("worker", line) }).catch((error: unknown) => logError("worker", error));
  const analyzer = registryAnalyzer({ device, onLoad: (versions) => logInfo("worker", `models loaded: ${versions.join(", ")}`) });
  const worker = await startPipelineWorker({ analyzer });
  // STOW-RS of signed results to PACS nodes (lib/pacs), retried with backoff by the queue.
  await startPacsPushWorker((data, attempt) => runPacsPush(data.pushId, attempt));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop().catch(() => undefined);
    await stopBoss().catch(() => undefined);
    await releaseModelSessions().catch(() => undefined);
    await db().$disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((error: unknown) => {
  logError("worker", error);
  process.exit(1);
});
