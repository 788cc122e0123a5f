/**
 * The reading policy (issues 12 and 18): who may start, edit, sign, amend, release, reassign,
 * submit, reopen and see a reading, decided by small pure functions from the actor (role,
 * disabled), ownership, the reading's role and status, and the study's design and state. Every
 * state-changing function of lib/review and lib/supervision locks the study (`lockStudy`), loads
 * the actor from the database (`loadActor`) and `enforce`s one of these decisions inside its
 * transaction. docs/reading-policy.md has the rules as a table.
 */
export * from "./types";
export { enforce } from "./enforce";
export { lockStudy, lockReading, loadActor, type TLockedStudy, type TLockMode } from "./load";
export { lockForSave, saveChangesState, type TSaveLock } from "./lock-for-save";
export { canStartReading, type TStartKind } from "./start";
export { canEditReading } from "./edit";
export { canSign } from "./sign";
export { canAmend, AMEND_REASON } from "./amend";
export { canRelease, canReassign, canSubmitDone, canReopen, canAssign, type TNewReader } from "./manage";
export { canViewReading, canSeeHolder } from "./view";
export { openPrimary, currentSigned, blinded, blindedRolesOf } from "./chains";
