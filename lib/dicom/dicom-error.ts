import { AppError, type TAppErrorCode } from "../errors/app-error";

type TDicomErrorCode = Extract<TAppErrorCode, "INVALID_DICOM" | "UNSUPPORTED_DICOM" | "TOO_LARGE">;

/**
 * An AppError for a DICOM file, with one user-facing sentence. `details` carries only what is safe
 * to show (transfer syntax, sizes, tags), never patient identifiers.
 */
export function dicomError(code: TDicomErrorCode, userMessage: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}): AppError {
  return new AppError(code, { userMessage, message: userMessage, cause: options.cause, details: options.details });
}

/** The text of whatever dicom-parser threw: plain `{exception}` objects, strings or Errors. */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "exception" in value) return String((value as { exception: unknown }).exception);
  return String(value);
}
