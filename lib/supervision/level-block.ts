import { classMetrics, cohenKappa, confusionMatrix, percentAgreement, type TClassReport, type TKappa, type TMatrix, type TProportion } from "../stats";
import { DIAGNOSES, type TDiagnosis } from "../phantom/truth";

/** The agreement of two label sources on one level (or on all levels pooled, level "ALL"). */
export interface TLevelBlock {
  level: string;
  n: number;
  /** Rows: the reference (final label, first reader), columns: the other source; order normal, bulge, herniation. */
  matrix: TMatrix;
  agreement: TProportion;
  kappa: TKappa;
  /** Linearly weighted κ on normal < bulge < herniation. */
  weightedKappa: TKappa;
  /** One-vs-rest sensitivity/specificity/accuracy of the column source against the rows (the paper's table). */
  classes: TClassReport<TDiagnosis>;
}

/** Builds a TLevelBlock from (reference, other) diagnosis pairs. */
export function levelBlock(level: string, pairs: ReadonlyArray<readonly [TDiagnosis, TDiagnosis]>): TLevelBlock {
  const matrix = confusionMatrix(pairs, DIAGNOSES);
  return {
    level,
    n: pairs.length,
    matrix,
    agreement: percentAgreement(matrix),
    kappa: cohenKappa(matrix),
    weightedKappa: cohenKappa(matrix, { weights: "linear" }),
    classes: classMetrics(matrix, DIAGNOSES),
  };
}
