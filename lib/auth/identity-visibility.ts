import { createHash } from "node:crypto";
import type { Reading, ReadingDesign, ReviewState } from "@prisma/client";
import { isBlinded } from "../supervision/reading-visibility";
import { can, type TRole } from "./roles";

type TReadingLike = Pick<Reading, "id" | "role" | "status" | "readerId" | "amendsId" | "createdAt">;

/** What deciding needs to know of a study: its design, state and readings (blinding). */
export interface IdentityStudy {
  readingDesign: ReadingDesign;
  reviewState: ReviewState;
  readings: readonly TReadingLike[];
}

/**
 * Whether a viewer may see a study's patient identity (name, patient ID, birth date) rather than
 * its pseudonym — the HIPAA "minimum necessary" standard (45 CFR 164.502(b)): annotators draw
 * boxes and levels and never need to know whose spine it is; a blinded reader of a double-read
 * study must not know it either (blinding covers identity and history). Supervisors and admins,
 * the adjudicator, and radiologists outside a running double-blind read see the identity.
 */
export function mayIdentifyPatient(viewer: { id: string; role: TRole }, study: IdentityStudy): boolean {
  if (viewer.role === "ANNOTATOR") return false;
  if (!isBlinded(study.readingDesign, study.readings, study.reviewState)) return true;
  const live = study.readings.filter((r) => r.readerId === viewer.id && r.status !== "SUPERSEDED");
  if (live.some((r) => r.role === "PRIMARY" || r.role === "SECOND")) return false;
  return live.some((r) => r.role === "ADJUDICATION") || can(viewer.role, "study:assign");
}

/** Crockford base32 (no I, L, O, U): read aloud and typed without confusion. */
const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The study's pseudonym, e.g. "Study 7F3K-2Q9D": derived from the study's database id (a random
 * cuid that carries nothing about the patient) by SHA-256, so it is stable, needs no stored map
 * (the Pseudonym table is the de-identification map of exports, keyed by original identifiers)
 * and reveals nothing. 40 bits: collisions are negligible at any realistic study count.
 */
export function studyPseudonym(studyId: string): string {
  const digest = createHash("sha256").update(`discern.study-pseudonym\u0000${studyId}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let text = "";
  for (let i = 0; i < 8; i += 1) {
    text = BASE32[Number(bits & 31n)]! + text;
    bits >>= 5n;
  }
  return `Study ${text.slice(0, 4)}-${text.slice(4)}`;
}
