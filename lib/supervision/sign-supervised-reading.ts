import { signReading, type SignReadingOptions, type TSignedReading } from "../review/sign-reading";

/**
 * Signs a reading and lets the reading design decide the study's state. lib/review's signReading
 * now does both atomically (it calls afterReadingSigned in its transaction); this name stays for
 * the callers that read the outcome (seeds, tests).
 */
export async function signSupervisedReading(options: SignReadingOptions): Promise<TSignedReading> {
  return signReading(options);
}
