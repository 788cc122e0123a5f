import { db } from "../db/client";
import { STALE_AFTER_MS, SWEEP_INTERVAL_MS } from "../jobs/heartbeat";
import { logError, logInfo } from "../log";

/** Exports from before heartbeats existed count as abandoned after this long without finishing. */
const UNBEATEN_TIMEOUT_MS = 60 * 60 * 1000;

export const ABANDONED_EXPORT_ERROR = "The export stopped when the server process running it ended; start it again.";

/**
 * Fails the dataset exports left QUEUED or RUNNING by a process that died: their heartbeat
 * (refreshed every few seconds by exportDataset, lib/jobs/heartbeat.ts) is older than
 * `staleAfterMs`. Files half-written stay in their folder and are overwritten by a new export.
 * Safe from any number of processes at once (one conditional UPDATE). Returns how many failed.
 */
export async function sweepStaleExports(options: { now?: Date; staleAfterMs?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const staleSince = new Date(now.getTime() - (options.staleAfterMs ?? STALE_AFTER_MS));
  const { count } = await db().datasetExport.updateMany({
    where: {
      status: { in: ["QUEUED", "RUNNING"] },
      OR: [{ heartbeatAt: { lt: staleSince } }, { heartbeatAt: null, createdAt: { lt: new Date(now.getTime() - UNBEATEN_TIMEOUT_MS) } }],
    },
    data: { status: "FAILED", error: ABANDONED_EXPORT_ERROR, finishedAt: now },
  });
  return count;
}

/**
 * Runs sweepStaleExports now and every `intervalMs` in this process (the web server starts it in
 * instrumentation.ts; the pipeline worker sweeps too), logging failures. Returns a stop function.
 */
export function startExportSweeper(intervalMs = SWEEP_INTERVAL_MS): () => void {
  const sweep = () =>
    void sweepStaleExports()
      .then((failed) => failed > 0 && logInfo("exports", `sweep: ${failed} abandoned export(s) failed`))
      .catch((error: unknown) => logError("exports", error));
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
