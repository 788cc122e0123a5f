import { can } from "../../auth/roles";
import { ALLOW, deny, type TActor, type TDecision, type TPolicyReading, type TPolicyStudy } from "./types";

/**
 * May the actor save edits (human revisions) into this reading? Only its own reader, while it is
 * open; annotators change boxes and levels but not diagnoses; an adjudication only while the
 * study awaits adjudication. `diagnosis`: the save changes a level diagnosis.
 */
export function canEditReading(actor: TActor, study: Pick<TPolicyStudy, "reviewState">, reading: TPolicyReading, change: { diagnosis: boolean }): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (reading.role === "AI") return deny("FORBIDDEN", "The AI's pre-annotation is never edited; corrections go into a reading.");
  if (!can(actor.role, "annotation:edit")) return deny("FORBIDDEN", "Your role does not edit annotations.");
  if (reading.readerId !== actor.id) return deny("FORBIDDEN", "This reading belongs to another reader.");
  if (reading.status === "SIGNED") return deny("STUDY_SIGNED", "This reading is signed; amend it to make changes.");
  if (reading.status === "DONE") return deny("CONFLICT", "This annotation was submitted as done; a supervisor can reopen it.");
  if (reading.status === "SUPERSEDED") return deny("CONFLICT", "This reading was released or reassigned; it can no longer be edited.");
  if (change.diagnosis && !can(actor.role, "diagnosis:edit")) return deny("FORBIDDEN", "Your role edits boxes and levels, not diagnoses.");
  if (reading.role === "ADJUDICATION" && study.reviewState !== "ADJUDICATION") return deny("CONFLICT", "This study is not awaiting adjudication.");
  return ALLOW;
}
