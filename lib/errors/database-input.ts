/**
 * Whether an error is PostgreSQL refusing a value the client sent (not a fault of the server):
 * SQLSTATE 22021 (character not in repertoire: a NUL byte or bytes invalid in UTF-8) or 22P05
 * (untranslatable character), found on the error or in its cause chain (a driver-adapter error
 * carries it as `cause.originalCode`; PostgreSQL docs, Appendix A). lib/errors/app-error.ts turns
 * such an error into a 422, so hostile text in an id or a field is the caller's mistake, never a 500.
 */
const INPUT_STATES = new Set(["22021", "22P05"]);

export function isDatabaseInputRefusal(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if ((typeof e.code === "string" && INPUT_STATES.has(e.code)) || (typeof e.originalCode === "string" && INPUT_STATES.has(e.originalCode))) return true;
  return isDatabaseInputRefusal(e.cause, depth + 1) || isDatabaseInputRefusal(e.meta?.driverAdapterError, depth + 1);
}
