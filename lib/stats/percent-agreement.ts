import { assertSquare, matrixTotal } from "./confusion-matrix";
import type { TMatrix, TProportion } from "./types";
import { proportion } from "./wilson-interval";

/** Share of subjects on the diagonal (both raters chose the same category), with a Wilson 95% CI. */
export function percentAgreement(matrix: TMatrix): TProportion {
  const k = assertSquare(matrix);
  let agree = 0;
  for (let i = 0; i < k; i++) agree += matrix[i]![i]!;
  return proportion(agree, matrixTotal(matrix));
}
