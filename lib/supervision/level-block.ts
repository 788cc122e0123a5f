import { classMetrics, cohenKappa, confusionMatrix, percentAgreement, type TClassReport, type TKappa, type TMatrix, type TProportion } from "../stats";
import { DIAGNOSES, type TDiagnosis } from "../phantom/truth";
import { gateKappa, type TGatedKappa } from "./kappa-gate";

/**
 * Agreement of two label sources on one level over any ordered class list: n, the confusion
 * matrix (rows: reference, columns: the other source, in `classes` order), percent agreement,
 * Cohen's κ (withheld below MIN_KAPPA_SUBJECTS pairs) and one-vs-rest class metrics.
 */
export function agreementBlock<C extends string>(level: string, pairs: ReadonlyArray<readonly [C, C]>, classes: readonly C[]) {
  const matrix = confusionMatrix(pairs, classes);
  return {
    level,
    n: pairs.length,
    matrix,
    agreement: percentAgreement(matrix),
    kappa: gateKappa(cohenKappa(matrix), pairs.length, "rated pairs"),
    classes: classMetrics(matrix, classes),
  };
}

/** The agreement of two label sources on one level (or on all levels pooled, level "ALL"). */
export interface TLevelBlock {
  level: string;
  n: number;
  /** Rows: the reference (final label, first reader), columns: the other source; order normal, bulge, herniation. */
  matrix: TMatrix;
  agreement: TProportion;
  /** Cohen's κ; withheld (null, with the reason) below MIN_KAPPA_SUBJECTS pairs. */
  kappa: TGatedKappa<TKappa>;
  /** Linearly weighted κ on normal < bulge < herniation (same minimum). */
  weightedKappa: TGatedKappa<TKappa>;
  /** One-vs-rest sensitivity/specificity/accuracy of the column source against the rows (the paper's table). */
  classes: TClassReport<TDiagnosis>;
}

/** Builds a TLevelBlock from (reference, other) diagnosis pairs. */
export function levelBlock(level: string, pairs: ReadonlyArray<readonly [TDiagnosis, TDiagnosis]>): TLevelBlock {
  const block = agreementBlock(level, pairs, DIAGNOSES);
  return { ...block, weightedKappa: gateKappa(cohenKappa(block.matrix, { weights: "linear" }), pairs.length, "rated pairs") };
}
