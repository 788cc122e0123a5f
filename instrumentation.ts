/**
 * Runs once when the Next server starts (Next.js instrumentation hook): the web process sweeps
 * for dataset exports abandoned by a process that died (lib/datasets/sweep-stale-exports.ts), so
 * they are failed within a minute even when no pipeline worker runs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startExportSweeper } = await import("./lib/datasets/sweep-stale-exports");
  startExportSweeper();
}
