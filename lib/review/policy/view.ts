import { hiddenReadingIds } from "../../supervision/reading-visibility";
import { ALLOW, deny, type TActor, type TDecision, type TPolicyReading, type TPolicyStudy } from "./types";

/**
 * May the actor see this reading (its annotations, its reader)? Double-blinded reading hides the
 * other reading from each blinded reader until both are signed (lib/supervision/reading-visibility);
 * a hidden reading is NOT_FOUND, so that its existence does not leak either.
 */
export function canViewReading(actor: TActor, study: TPolicyStudy, reading: TPolicyReading): TDecision {
  const hidden = hiddenReadingIds(actor, study.readingDesign, study.readings, study.reviewState);
  if (hidden.has(reading.id)) return deny("NOT_FOUND", "This reading does not exist.");
  return ALLOW;
}

/**
 * May the actor see who holds a study's open reading (the read-only banner, the worklist's
 * assignee)? Not when blinding hides that reading from them.
 */
export function canSeeHolder(actor: TActor, study: TPolicyStudy, reading: TPolicyReading): boolean {
  return canViewReading(actor, study, reading).allowed;
}
