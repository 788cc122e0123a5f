import { db } from "../db/client";
import type { TIdentitySurface } from "./events";
import { recordAudit } from "./record-audit";

/**
 * Records that a viewer was shown patients' identifying data: one PATIENT_IDENTITY_VIEWED event
 * for this listing or view, counting the studies shown identified (with the studyId when it is
 * one study's view). Nothing is recorded when every study was shown by its pseudonym. The event
 * never carries the identity itself.
 */
export async function recordIdentityView(
  viewer: { id: string },
  surface: TIdentitySurface,
  shown: ReadonlyArray<{ id: string; identified: boolean }>,
): Promise<void> {
  const identified = shown.filter((s) => s.identified);
  if (identified.length === 0) return;
  await recordAudit(db(), {
    type: "PATIENT_IDENTITY_VIEWED",
    actorId: viewer.id,
    studyId: surface === "study-view" ? (identified[0]?.id ?? null) : null,
    payload: { surface, studies: identified.length },
  });
}
