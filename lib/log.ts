import { toAppError } from "./errors/app-error";

/**
 * Server logging. Messages carry codes and ids, never DICOM text or patient identifiers: callers
 * pass AppErrors whose `message` was written for logs.
 */
export function logError(scope: string, error: unknown): void {
  const appError = toAppError(error);
  process.stderr.write(`[${new Date().toISOString()}] ${scope} ${appError.code}: ${appError.message}\n`);
  if (process.env.DISCERN_DEBUG && appError.stack) process.stderr.write(`${appError.stack}\n`);
}

export function logInfo(scope: string, message: string): void {
  process.stdout.write(`[${new Date().toISOString()}] ${scope}: ${message}\n`);
}
