import { can } from "../../auth/roles";
import { openPrimary } from "./chains";
import { ALLOW, deny, type TActor, type TDecision, type TPolicyStudy } from "./types";

/** What a start takes: a radiologist's or supervisor's PRIMARY reading, an annotator's ANNOTATION. */
export type TStartKind = "PRIMARY" | "ANNOTATION";

/**
 * May the actor take a study for a new reading of their own (the explicit start: button, hotkey,
 * API)? Issue 12.1: viewing never claims; one reader at a time holds a single-read study; a
 * blinded double read is read only by the two readers a supervisor assigned. `holderName` names
 * the reader who holds the study when another does (for the 409 sentence).
 * Resuming one's own open reading is not a start: callers check that first.
 */
export function canStartReading(actor: TActor, study: TPolicyStudy, kind: TStartKind, holderName?: string | null): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (kind === "ANNOTATION") {
    if (!can(actor.role, "annotation:edit")) return deny("FORBIDDEN", "Your role does not annotate studies.");
    const done = study.readings.some((r) => r.role === "ANNOTATION" && r.readerId === actor.id && r.status === "DONE");
    if (done) return deny("CONFLICT", "You submitted this study's annotation as done; a supervisor can reopen it.");
    return ALLOW;
  }
  if (!can(actor.role, "study:sign")) return deny("FORBIDDEN", "Your role does not read studies.");
  if (study.readingDesign === "DOUBLE_BLINDED") {
    return deny("FORBIDDEN", "This study is read double-blinded; only the two readers a supervisor assigned read it.");
  }
  if (study.reviewState === "SIGNED") return deny("STUDY_SIGNED", "This study is signed; amend the signed reading to change it.");
  const holder = openPrimary(study);
  if (holder && holder.readerId !== actor.id) {
    const since = (holder.startedAt ?? holder.createdAt).toISOString();
    const who = holderName ?? "Another reader";
    return deny("CONFLICT", `${who} has held this study's reading since ${since.replace("T", " ").slice(0, 16)} UTC; a supervisor can release it.`, {
      holder: { name: holderName ?? null, since },
    });
  }
  return ALLOW;
}
