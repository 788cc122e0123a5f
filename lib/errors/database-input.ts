import { someInErrorChain } from "./database-unavailable";

/**
 * Whether an error is PostgreSQL refusing a value the client sent (not a fault of the server):
 * SQLSTATE 22021 (character not in repertoire: a NUL byte or bytes invalid in UTF-8) or 22P05
 * (untranslatable character), found on the error or in its cause chain (a driver-adapter error
 * carries it as `cause.originalCode`; PostgreSQL docs, Appendix A). lib/errors/app-error.ts turns
 * such an error into a 422, so hostile text in an id or a field is the caller's mistake, never a 500.
 */
const INPUT_STATES = new Set(["22021", "22P05"]);

export function isDatabaseInputRefusal(error: unknown): boolean {
  const refused = (code: unknown) => typeof code === "string" && INPUT_STATES.has(code);
  return someInErrorChain(error, (e) => refused(e.code) || refused(e.originalCode));
}
