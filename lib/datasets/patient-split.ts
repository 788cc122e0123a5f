import { createHash } from "node:crypto";

export type TSplit = "TRAIN" | "VAL" | "TEST";
export interface TSplitFractions {
  train: number;
  val: number;
  test: number;
}

/**
 * Patient-level split: every study of one patient lands in the same split. A patient's place is
 * a number in [0, 1) hashed from the seed and the patient key, so the split is reproducible from
 * the seed alone and does not move when other patients join the dataset.
 */
export function patientSplit(seed: number, patientKey: string, fractions: TSplitFractions): TSplit {
  const total = fractions.train + fractions.val + fractions.test;
  const digest = createHash("sha256").update(`${seed}\u0000${patientKey}`).digest();
  const u = digest.readUInt32BE(0) / 2 ** 32;
  if (u < fractions.train / total) return "TRAIN";
  if (u < (fractions.train + fractions.val) / total) return "VAL";
  return "TEST";
}
