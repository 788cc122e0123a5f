import type { Reading, ReadingDesign, ReviewState } from "@prisma/client";
import type { TRole } from "../../auth/roles";

/** Who acts: the user row as loaded inside the transaction (never the session's word alone). */
export interface TActor {
  id: string;
  role: TRole;
  disabled: boolean;
}

/** The fields of a reading the policy decides from. */
export type TPolicyReading = Pick<Reading, "id" | "studyId" | "role" | "status" | "readerId" | "assignedById" | "amendsId" | "createdAt" | "startedAt" | "signedAt">;

/** A study with every one of its readings (AI included), as locked by the caller. */
export interface TPolicyStudy {
  id: string;
  readingDesign: ReadingDesign;
  reviewState: ReviewState;
  readings: readonly TPolicyReading[];
}

/** Codes a refusal carries; each maps to one HTTP status through AppError. */
export type TDenyCode = "FORBIDDEN" | "CONFLICT" | "STUDY_SIGNED" | "INVALID_INPUT" | "NOT_FOUND";

export type TDecision = { allowed: true } | { allowed: false; code: TDenyCode; reason: string; details?: Record<string, unknown> };

export const ALLOW: TDecision = { allowed: true };

export function deny(code: TDenyCode, reason: string, details?: Record<string, unknown>): TDecision {
  return details ? { allowed: false, code, reason, details } : { allowed: false, code, reason };
}

/** Statuses in which a reading is being worked on (it can be edited and signed). */
export const OPEN_STATUSES = ["ASSIGNED", "IN_PROGRESS"] as const;

export function isOpen(reading: Pick<Reading, "status">): boolean {
  return reading.status === "ASSIGNED" || reading.status === "IN_PROGRESS";
}
