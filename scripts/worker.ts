/**
 * `npm run worker`: the pipeline job worker. Takes jobs from the pg-boss queue on DATABASE_URL,
 * runs the four-step pipeline on the study's stored files and stores the AI reading. Run as many
 * as wanted, on as many machines as share the database. Device: DISCERN_DEVICE (cpu default).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { db } from "../lib/db/client";
import { resolveDevice } from "../lib/inference/device";
import { modelDir } from "../lib/inference/models";
import { releaseModelSessions } from "../lib/inference/session";
import { startPipelineWorker } from "../lib/jobs/pipeline-worker";
import { stopBoss } from "../lib/jobs/queue";
import { pipelineAnalyzer } from "../lib/jobs/run-pipeline-job";
import { logError, logInfo } from "../lib/log";
import { loadPipelineModels } from "../lib/pipeline/pipeline-models";

async function main(): Promise<void> {
  const device = resolveDevice();
  const missing = (["vertebrae", "roi", "classifier"] as const).filter((r) => !existsSync(path.join(modelDir(r), "model.onnx")));
  if (missing.length > 0) logInfo("worker", `models missing (${missing.join(", ")}): jobs will fail until they are installed`);
  const worker = await startPipelineWorker({ analyzer: pipelineAnalyzer(() => loadPipelineModels({ device })) });
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
