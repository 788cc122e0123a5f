import { logError } from "../log";

/**
 * Liveness of long-running work (pipeline runs, dataset exports): the process doing it refreshes
 * a heartbeat column every HEARTBEAT_INTERVAL_MS; a sweep treats work whose heartbeat is older
 * than STALE_AFTER_MS as abandoned by a dead process. With the sweep every SWEEP_INTERVAL_MS, a
 * dead worker's work is noticed within STALE_AFTER_MS + SWEEP_INTERVAL_MS (35 s), so it is
 * running again (or failed with a sentence) within a minute (issue 18).
 */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const STALE_AFTER_MS = 25_000;
export const SWEEP_INTERVAL_MS = 10_000;

/**
 * Calls `beat` now and every `intervalMs` until the returned stop function is called. A failed
 * beat is logged, never thrown (the work goes on; a sweep may then take it over, which the work's
 * own final update detects by its status guard).
 */
export function startHeartbeat(beat: () => Promise<unknown>, intervalMs = HEARTBEAT_INTERVAL_MS): () => void {
  const run = () => void beat().catch((error: unknown) => logError("heartbeat", error));
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Whether a heartbeat (or, for work started without one, its start) is too old at `now`. */
export function isStale(heartbeatAt: Date | null, startedAt: Date | null, now: Date, staleAfterMs = STALE_AFTER_MS): boolean {
  const last = heartbeatAt ?? startedAt;
  return last !== null && now.getTime() - last.getTime() > staleAfterMs;
}
