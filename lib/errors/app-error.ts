// Type only: importing zod's runtime here put ~110 ms of module loading on every CLI start.
import type { ZodError } from "zod";
import { isDatabaseInputRefusal } from "./database-input";
import { isDatabaseUnavailable } from "./database-unavailable";

/**
 * The one error type of discern. Codes are strings so that they survive JSON and logs; each maps
 * to one HTTP status in `httpStatusOf`. `message` is for logs (never patient identifiers),
 * `userMessage` is the one sentence a user or a CLI caller sees.
 */
export const APP_ERROR_CODES = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STUDY_SIGNED: 409,
  INVALID_INPUT: 422,
  INVALID_DICOM: 422,
  UNSUPPORTED_DICOM: 422,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  BAD_USAGE: 400,
  INFERENCE_FAILED: 500,
  MODEL_MISSING: 500,
  CONFIG_INVALID: 500,
  DATABASE_UNAVAILABLE: 503,
  /** Work that timed out under load (a frame decode): worth retrying, never remembered as a refusal. */
  SERVER_BUSY: 503,
  /** A peer (a PACS over DICOMweb) failed or refused: its status and one sentence in the message. */
  PEER_FAILED: 502,
  INTERNAL: 500,
} as const;

export type TAppErrorCode = keyof typeof APP_ERROR_CODES;

export interface AppErrorOptions {
  message?: string;
  userMessage?: string;
  cause?: unknown;
  /** Structured detail safe to return to the client (no identifiers). */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly userMessage: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: TAppErrorCode, options: AppErrorOptions = {}) {
    const message = options.message ?? options.userMessage ?? code;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessage = options.userMessage ?? message;
    this.details = options.details;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }
}

export function httpStatusOf(code: TAppErrorCode): number {
  return APP_ERROR_CODES[code];
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Whether a value is a zod failure (zod 4's ZodError: name "ZodError" and an `issues` array), without loading zod. */
function isZodError(value: unknown): value is ZodError {
  return value instanceof Error && value.name === "ZodError" && Array.isArray((value as { issues?: unknown }).issues);
}

/** A zod failure as one sentence naming the first problem: always the caller's mistake (422). */
export function fromZodError(error: ZodError): AppError {
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  return new AppError("INVALID_INPUT", { userMessage: `Invalid input (${where}${first?.message ?? "unknown problem"}).`, cause: error });
}

/**
 * Wraps anything thrown (strings, dicom-parser's plain objects, Errors) into an AppError; a lost
 * database connection becomes DATABASE_UNAVAILABLE (503, lib/errors/database-unavailable.ts).
 */
export function toAppError(value: unknown, fallback: TAppErrorCode = "INTERNAL"): AppError {
  if (value instanceof AppError) return value;
  if (isZodError(value)) return fromZodError(value);
  if (isDatabaseInputRefusal(value)) {
    return new AppError("INVALID_INPUT", { userMessage: "The request contains characters that cannot be stored (a NUL byte or invalid UTF-8).", message: "database refused an input value", cause: value });
  }
  if (isDatabaseUnavailable(value)) {
    return new AppError("DATABASE_UNAVAILABLE", { userMessage: "The database is unavailable at the moment; try again in a few seconds.", message: "database unavailable", cause: value });
  }
  if (value instanceof Error) return new AppError(fallback, { message: value.message, cause: value });
  if (typeof value === "string") return new AppError(fallback, { message: value });
  if (value && typeof value === "object" && "exception" in value) {
    return new AppError(fallback, { message: String((value as { exception: unknown }).exception), cause: value });
  }
  return new AppError(fallback, { message: "Unknown error.", cause: value });
}
