import { can } from "../../auth/roles";
import { blindedRolesOf } from "./chains";
import { ALLOW, deny, isOpen, type TActor, type TDecision, type TPolicyReading, type TPolicyStudy } from "./types";
import { canViewReading } from "./view";

/**
 * A supervisor who reads the study blind manages no other reading of it: one that blinding hides
 * from them does not exist for them (canViewReading: NOT_FOUND, as in canAmend), any other is
 * another supervisor's or an admin's to manage (FORBIDDEN). Null when nothing stands in the way.
 */
function blindManager(actor: TActor, study: TPolicyStudy, reading: TPolicyReading): TDecision | null {
  if (study.readingDesign !== "DOUBLE_BLINDED" || reading.readerId === actor.id || blindedRolesOf(study, actor.id).size === 0) return null;
  const view = canViewReading(actor, study, reading);
  return view.allowed ? deny("FORBIDDEN", "You read this study blind; another supervisor or an admin manages its readings.") : view;
}

/**
 * May the actor release this open reading (it becomes SUPERSEDED and the study free to start)?
 * Issue 12.1: supervisors release; a reader may also give back a study they took themselves
 * (not one a supervisor assigned them). A supervisor reading the study blind manages no other
 * reading of it (blindManager).
 */
export function canRelease(actor: TActor, study: TPolicyStudy, reading: TPolicyReading): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (reading.role === "AI") return deny("FORBIDDEN", "The AI's pre-annotation is not held by anyone.");
  const supervisor = can(actor.role, "study:assign");
  const ownClaim = reading.readerId === actor.id && reading.assignedById === null;
  if (!supervisor && !ownClaim) return deny("FORBIDDEN", "Only a supervisor releases a reading (or its reader, when they took the study themselves).");
  const blind = blindManager(actor, study, reading);
  if (blind) return blind;
  if (!isOpen(reading)) return deny("CONFLICT", `Only an open reading can be released; this one is ${reading.status.toLowerCase()}.`);
  return ALLOW;
}

/** The reader a reading is reassigned to, as loaded in the transaction (null: no such user). */
export type TNewReader = TActor | null;

/**
 * May the actor hand this open reading to another reader (the old one is SUPERSEDED, the new one
 * ASSIGNED to them)? Supervisors only; radiologists' readings (not amendments, which are
 * released); the new reader must be able to read, and the double-reading roles stay with
 * different people (two blinded readers, a third for the adjudication).
 */
export function canReassign(actor: TActor, study: TPolicyStudy, reading: TPolicyReading, to: TNewReader): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (!can(actor.role, "study:assign")) return deny("FORBIDDEN", "Only a supervisor reassigns a reading.");
  const blind = blindManager(actor, study, reading);
  if (blind) return blind;
  if (reading.role === "AI" || reading.role === "ANNOTATION") return deny("CONFLICT", "Only a radiologist's reading is reassigned.");
  if (!isOpen(reading)) return deny("CONFLICT", `Only an open reading can be reassigned; this one is ${reading.status.toLowerCase()}.`);
  if (reading.amendsId) return deny("CONFLICT", "An amendment is not reassigned; release it and amend again.");
  if (!to || to.disabled) return deny("INVALID_INPUT", "That reader does not exist or is disabled.");
  if (!can(to.role, "study:sign")) return deny("INVALID_INPUT", "Only radiologists and supervisors read studies.");
  if (to.id === reading.readerId) return deny("INVALID_INPUT", "This reading is theirs already.");
  const others = study.readings.filter((r) => r.id !== reading.id && r.status !== "SUPERSEDED" && r.readerId === to.id);
  if (reading.role !== "PRIMARY" || study.readingDesign === "DOUBLE_BLINDED") {
    if (others.some((r) => r.role === "PRIMARY" || r.role === "SECOND" || r.role === "ADJUDICATION")) {
      return deny("INVALID_INPUT", "A double read needs different people for its two readings and its adjudication.");
    }
  }
  return ALLOW;
}

/** May the actor submit this annotation reading as done (issue 12.5)? Its own annotator, while open. */
export function canSubmitDone(actor: TActor, _study: TPolicyStudy, reading: TPolicyReading): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (reading.role !== "ANNOTATION") return deny("CONFLICT", "Only an annotator's reading is submitted as done; readings are signed.");
  if (reading.readerId !== actor.id) return deny("FORBIDDEN", "This annotation belongs to another annotator.");
  if (reading.status === "DONE") return deny("CONFLICT", "This annotation is submitted as done already.");
  if (!isOpen(reading)) return deny("CONFLICT", "This annotation was released; it can no longer be submitted.");
  return ALLOW;
}

/** May the actor reopen a submitted annotation (issue 12.5)? Supervisors, for DONE annotations. */
export function canReopen(actor: TActor, _study: TPolicyStudy, reading: TPolicyReading): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (!can(actor.role, "study:assign")) return deny("FORBIDDEN", "Only a supervisor reopens a submitted annotation.");
  if (reading.role !== "ANNOTATION") return deny("CONFLICT", "Signed readings are amended, not reopened.");
  if (reading.status !== "DONE") return deny("CONFLICT", "Only an annotation submitted as done can be reopened.");
  return ALLOW;
}

/** May the actor assign readers or adjudicators (lib/supervision)? Supervisors and admins. */
export function canAssign(actor: TActor): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (!can(actor.role, "study:assign")) return deny("FORBIDDEN", "Only a supervisor assigns readings.");
  return ALLOW;
}
