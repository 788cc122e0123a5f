import { AppError } from "../../errors/app-error";
import type { TDecision } from "./types";

/**
 * Turns a refusal into the AppError the caller throws (FORBIDDEN 403, CONFLICT / STUDY_SIGNED
 * 409, INVALID_INPUT 422, NOT_FOUND 404) with the policy's one sentence as the user message.
 */
export function enforce(decision: TDecision): void {
  if (decision.allowed) return;
  throw new AppError(decision.code, { userMessage: decision.reason, ...(decision.details ? { details: decision.details } : {}) });
}
