import { can } from "../../auth/roles";
import { blinded, blindedRolesOf, currentSigned } from "./chains";
import { ALLOW, deny, isOpen, type TActor, type TDecision, type TPolicyReading, type TPolicyStudy } from "./types";

/** Bounds of an amendment's reason, in characters after trimming. */
export const AMEND_REASON = { min: 3, max: 500 } as const;

/**
 * May the actor amend this signed reading (start a new reading that names it)? Issue 18.1 and
 * 12.2: only the reader who signed it, or a supervisor; an adjudication only by a supervisor; a
 * supervisor who read the study blinded does not amend the other readings; a reader still blinded
 * learns nothing of the other reading (NOT_FOUND, as if it did not exist). Every amendment carries
 * a reason. In a double read, once adjudicated, the adjudication is the record to amend.
 * Resuming one's own open amendment of it is allowed (the caller returns it).
 */
export function canAmend(actor: TActor, study: TPolicyStudy, target: TPolicyReading, reason: string | null | undefined): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (target.role === "AI") return deny("FORBIDDEN", "The AI's pre-annotation is never amended; corrections go into a reading.");
  const ownBlind = blindedRolesOf(study, actor.id);
  if (blinded(study) && ownBlind.size > 0 && (target.role === "PRIMARY" || target.role === "SECOND") && !ownBlind.has(target.role)) {
    return deny("NOT_FOUND", "This reading does not exist.");
  }
  if (target.role === "ANNOTATION") return deny("CONFLICT", "An annotation is reopened by a supervisor, not amended.");
  if (!can(actor.role, "study:sign")) return deny("FORBIDDEN", "Your role does not amend readings.");
  const supervisor = actor.role === "SUPERVISOR";
  if (target.role === "ADJUDICATION" && !supervisor) return deny("FORBIDDEN", "Only a supervisor amends an adjudication.");
  if (target.readerId !== actor.id && !supervisor) return deny("FORBIDDEN", "Only the reader who signed it, or a supervisor, amends a signed reading.");
  if (target.readerId !== actor.id && ownBlind.size > 0) return deny("FORBIDDEN", "You read this study yourself; another supervisor amends the other readings.");
  if (target.status !== "SIGNED") return deny("CONFLICT", "Only a signed reading can be amended.");

  const amendment = study.readings.find((r) => r.amendsId === target.id && r.status !== "SUPERSEDED");
  if (amendment) {
    if (isOpen(amendment) && amendment.readerId === actor.id) return ALLOW;
    return deny("CONFLICT", "This reading has been amended already; amend the newest version.");
  }
  if (currentSigned(study, target.role)?.id !== target.id) return deny("CONFLICT", "This reading has been amended already; amend the newest version.");
  if (study.readingDesign === "DOUBLE_BLINDED" && target.role !== "ADJUDICATION" && currentSigned(study, "ADJUDICATION")) {
    return deny("CONFLICT", "This study was adjudicated; the adjudication is its final record, and a supervisor amends that.");
  }
  const text = (reason ?? "").trim();
  if (text.length < AMEND_REASON.min) return deny("INVALID_INPUT", `An amendment needs a reason (at least ${AMEND_REASON.min} characters).`);
  if (text.length > AMEND_REASON.max) return deny("INVALID_INPUT", `An amendment's reason is at most ${AMEND_REASON.max} characters.`);
  return ALLOW;
}
