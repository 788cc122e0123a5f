import { can } from "../../auth/roles";
import { currentSigned } from "./chains";
import { ALLOW, deny, type TActor, type TDecision, type TPolicyReading, type TPolicyStudy } from "./types";

/**
 * May the actor sign this reading? Issue 12.2: a signature is final — a study (or, in a double
 * read, a reading role) that is signed is never signed again except through an amendment of the
 * signed reading. Only the reader signs, primary, second and adjudication readings alike
 * (issue 12.4); annotators submit instead. An adjudication is signed only while the study awaits it.
 */
export function canSign(actor: TActor, study: TPolicyStudy, reading: TPolicyReading): TDecision {
  if (actor.disabled) return deny("FORBIDDEN", "Your account is disabled.");
  if (reading.role === "AI") return deny("FORBIDDEN", "The AI's pre-annotation is not signed by readers.");
  if (reading.role === "ANNOTATION") return deny("FORBIDDEN", "An annotator's reading is submitted as done, not signed.");
  if (!can(actor.role, "study:sign")) return deny("FORBIDDEN", "Your role does not sign readings.");
  if (reading.readerId !== actor.id) return deny("FORBIDDEN", "Only the reader signs a reading.");
  if (reading.status === "SIGNED") return deny("STUDY_SIGNED", "This reading is signed already; amend it to change it.");
  if (reading.status !== "ASSIGNED" && reading.status !== "IN_PROGRESS") return deny("CONFLICT", "This reading was released or reassigned; it can no longer be signed.");

  const signedSame = currentSigned(study, reading.role);
  const amendsCurrent = reading.amendsId !== null && signedSame?.id === reading.amendsId;
  if (reading.amendsId !== null && !amendsCurrent) return deny("CONFLICT", "The reading this amendment names is no longer the current signed one.");
  if (study.readingDesign === "SINGLE") {
    if (reading.role !== "PRIMARY") return deny("CONFLICT", "A single-read study has no second reading or adjudication.");
    if (!amendsCurrent && (study.reviewState === "SIGNED" || signedSame)) return deny("STUDY_SIGNED", "This study is signed already; amend the signed reading to change it.");
    return ALLOW;
  }
  if (reading.role === "ADJUDICATION") {
    if (study.reviewState !== "ADJUDICATION") return deny("CONFLICT", "This study is not awaiting adjudication.");
    if (signedSame && !amendsCurrent) return deny("STUDY_SIGNED", "This study's adjudication is signed already; a supervisor amends it.");
    return ALLOW;
  }
  if (currentSigned(study, "ADJUDICATION")) return deny("STUDY_SIGNED", "This study was adjudicated; its adjudication is the final record.");
  if (signedSame && !amendsCurrent) return deny("STUDY_SIGNED", `The ${reading.role.toLowerCase()} reading of this study is signed already.`);
  return ALLOW;
}
