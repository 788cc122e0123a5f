import type { Reading } from "@prisma/client";
import { db } from "../db/client";
import { signReading, type SignReadingOptions } from "../review/sign-reading";
import { afterReadingSigned, type TSignOutcome } from "./after-reading-signed";

/**
 * Signs a reading through lib/review's signReading without its default lock, then lets the
 * reading design decide the study's state (afterReadingSigned): a blinded PRIMARY signature must
 * not lock a double-read study, a disagreement goes to ADJUDICATION, an adjudication is final.
 *
 * Two transactions, because signReading owns its own; afterReadingSigned derives the state from
 * the readings alone, so re-running it repairs an interrupted second step. The review room can
 * make this atomic by calling afterReadingSigned(tx, …) inside signReading's transaction.
 */
export async function signSupervisedReading(options: Omit<SignReadingOptions, "lockStudy">): Promise<{ reading: Reading } & TSignOutcome> {
  const reading = await signReading({ ...options, lockStudy: false });
  const outcome = await db().$transaction((tx) => afterReadingSigned(tx, { readingId: reading.id, actorId: options.userId }));
  return { reading, ...outcome };
}
