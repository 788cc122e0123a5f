import { db } from "../db/client";
import { logError } from "../log";
import { queuePacsPush } from "./push-results";

/**
 * HOOK FOR lib/review's signReading, called once after the signing transaction commits when the
 * signature gave the study its final record (reports rendered and stored): queues a push of the SR
 * and Encapsulated PDF to every PACS node with pushOnSign (an amendment's signature pushes the
 * amended objects the same way). Never fails the signature: a failure is logged (no identifiers)
 * and the push can be asked again (`discern pacs push`, the study page).
 */
export async function afterStudySigned(studyId: string): Promise<void> {
  try {
    if ((await db().pacsNode.count({ where: { pushOnSign: true } })) === 0) return;
    await queuePacsPush({ studyId, via: "sign" });
  } catch (error) {
    logError("pacs: push after signing", error);
  }
}
