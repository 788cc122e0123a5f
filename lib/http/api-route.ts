import { NextResponse } from "next/server";
import type { z } from "zod";
import type { SessionUser } from "../auth/authenticate";
import { requireUser } from "../auth/current-user";
import type { TPermission } from "../auth/roles";
import { AppError, toAppError } from "../errors/app-error";
import { logError } from "../log";
import { MAX_JSON_BODY_BYTES, withBodyLimit } from "./body-limit";
import { crossSiteRefusal } from "./cross-site";

export interface ApiContext<TParams> {
  user: SessionUser;
  params: TParams;
  request: Request;
}

export interface ApiRouteOptions {
  /** Largest request body in bytes (default MAX_JSON_BODY_BYTES); multipart uploads stream to their own limits. */
  maxBodyBytes?: number;
}

/**
 * Wraps a route handler: refuses a cross-site state change (403, crossSiteRefusal), a body over the limit (413, read as a stream and stopped at the
 * limit, so a 300 MB body costs 1 MiB), checks the session and the permission (lib/auth), runs
 * the handler, and turns every AppError into `{ error: { code, message } }` with its HTTP status.
 * Unexpected errors are logged (without request bodies) and answered 500 with a generic sentence.
 */
export function apiRoute<TParams = Record<string, string>>(
  permission: TPermission | null,
  handler: (context: ApiContext<TParams>) => Promise<Response | unknown>,
  options: ApiRouteOptions = {},
) {
  return async (incoming: Request, segment: { params: Promise<TParams> }): Promise<Response> => {
    try {
      const crossSite = crossSiteRefusal(incoming.method, incoming.headers);
      if (crossSite) throw new AppError("FORBIDDEN", { userMessage: `Refused: ${crossSite} may not change anything here.` });
      const request = await withBodyLimit(incoming, options.maxBodyBytes ?? MAX_JSON_BODY_BYTES);
      const user = await requireUser(permission ?? undefined);
      const params = segment?.params ? await segment.params : ({} as TParams);
      const result = await handler({ user, params, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Seconds a client waits before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.status >= 500) logError("api", appError);
  const message = appError.status >= 500 && appError.code === "INTERNAL" ? "Something went wrong on the server." : appError.userMessage;
  // A 503 says when to come back (RFC 9110 §10.2.3); a 429 says it too when the refusal knows.
  const retryAfter = appError.code === "DATABASE_UNAVAILABLE" || appError.code === "SERVER_BUSY" ? DATABASE_RETRY_AFTER_SECONDS : appError.code === "RATE_LIMITED" ? appError.details?.retryAfterSeconds : undefined;
  const headers = typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : undefined;
  return NextResponse.json({ error: { code: appError.code, message, ...(appError.details ? { details: appError.details } : {}) } }, { status: appError.status, headers });
}

/** Parses a JSON body with a zod schema; a malformed body is a 422, never a 500. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("INVALID_INPUT", { userMessage: "The request body is not valid JSON." });
  }
  // JSON may escape half a surrogate pair ("\ud800"): text no UTF-8 can carry, which PostgreSQL's
  // json parser refuses (22P02, a 500 once it reached a jsonb value such as a note or an audit payload).
  if (hasLoneSurrogate(body)) throw new AppError("INVALID_INPUT", { userMessage: "The request body has text that is not valid Unicode." });
  return schema.parse(body);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether any string or key in a parsed JSON value holds half a surrogate pair (iterative: nesting depth is the client's). */
function hasLoneSurrogate(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) return true;
        pending.push(v);
      }
    }
  }
  return false;
}
