/**
 * Agreement weights for Cohen's weighted κ on k ordered categories (1 on the diagonal):
 * "none" is the identity (unweighted κ); "linear" is w_ij = 1 − |i − j| / (k − 1) (Cicchetti &
 * Allison 1971), so on normal < bulge < herniation, normal vs bulge earns ½ and normal vs
 * herniation 0.
 */
export type TKappaWeighting = "none" | "linear";

export function kappaWeights(k: number, weighting: TKappaWeighting): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (weighting === "none" || k < 2) return i === j ? 1 : 0;
      return 1 - Math.abs(i - j) / (k - 1);
    }),
  );
}
