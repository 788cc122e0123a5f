/**
 * Whether an error means the database cannot be reached right now (down, restarting, refusing
 * connections, the pool exhausted), as opposed to a bad query. Such errors become 503 with
 * Retry-After in lib/errors/app-error.ts; everything else keeps its own meaning.
 *
 * Recognised: Prisma's connection codes (P1001 unreachable, P1002 timed out, P1008 socket
 * timeout, P1017 connection closed, P2024 pool timeout, P2037 too many connections; Prisma error
 * reference), Prisma's initialization error, driver-adapter causes of the same kinds, node socket
 * errors, and PostgreSQL SQLSTATEs of class 08 (connection exception), 57P01–57P03 (shutdown,
 * cannot connect now) and 53300 (too many connections; PostgreSQL docs, Appendix A).
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const CONNECTION_MESSAGES = /Connection terminated|Can't reach database server|Server has closed the connection|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i;

function isPostgresUnavailableState(code: string): boolean {
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

/** The fields of an error (or of a cause in its chain) that the database checks read. */
export interface TErrorLink {
  name?: unknown;
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/**
 * Whether `test` holds for the error or for any link of its chain: `cause`, and Prisma's
 * `meta.driverAdapterError` (at most 6 links deep, so a cyclic chain ends).
 */
export function someInErrorChain(error: unknown, test: (link: TErrorLink) => boolean, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as TErrorLink;
  return test(e) || someInErrorChain(e.cause, test, depth + 1) || someInErrorChain(e.meta?.driverAdapterError, test, depth + 1);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return someInErrorChain(error, (e) => {
    if (e.name === "PrismaClientInitializationError") return true;
    if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code) || (/^[0-9A-Z]{5}$/.test(e.code) && isPostgresUnavailableState(e.code)))) return true;
    if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
    return typeof e.message === "string" && CONNECTION_MESSAGES.test(e.message);
  });
}
