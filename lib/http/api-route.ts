import { NextResponse } from "next/server";
import type { z } from "zod";
import type { SessionUser } from "../auth/authenticate";
import { requireUser } from "../auth/current-user";
import type { TPermission } from "../auth/roles";
import { AppError, toAppError } from "../errors/app-error";
import { logError } from "../log";

export interface ApiContext<TParams> {
  user: SessionUser;
  params: TParams;
  request: Request;
}

/**
 * Wraps a route handler: checks the session and the permission (lib/auth), runs the handler,
 * and turns every AppError into `{ error: { code, message } }` with its HTTP status. Unexpected
 * errors are logged (without request bodies) and answered 500 with a generic sentence.
 */
export function apiRoute<TParams = Record<string, string>>(
  permission: TPermission | null,
  handler: (context: ApiContext<TParams>) => Promise<Response | unknown>,
) {
  return async (request: Request, segment: { params: Promise<TParams> }): Promise<Response> => {
    try {
      const user = await requireUser(permission ?? undefined);
      const params = segment?.params ? await segment.params : ({} as TParams);
      const result = await handler({ user, params, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.status >= 500) logError("api", appError);
  const message = appError.status >= 500 && appError.code === "INTERNAL" ? "Something went wrong on the server." : appError.userMessage;
  return NextResponse.json({ error: { code: appError.code, message, ...(appError.details ? { details: appError.details } : {}) } }, { status: appError.status });
}

/** Parses a JSON body with a zod schema; a malformed body is a 422, never a 500. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("INVALID_INPUT", { userMessage: "The request body is not valid JSON." });
  }
  return schema.parse(body);
}
