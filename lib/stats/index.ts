/**
 * lib/stats: pure agreement and model-performance statistics (no framework, no database).
 * Intervals: proportions use Wilson score 95% intervals; Cohen's κ uses the analytic large-sample
 * SE of Fleiss, Cohen & Everitt (1969); Fleiss' κ uses a seeded percentile bootstrap.
 */
export * from "./types";
export { Z_95 } from "./normal-quantile";
export { wilsonInterval, proportion } from "./wilson-interval";
export { confusionMatrix, matrixTotal, assertSquare } from "./confusion-matrix";
export { percentAgreement } from "./percent-agreement";
export { kappaWeights, type TKappaWeighting } from "./kappa-weights";
export { cohenKappa, type TKappa, type CohenKappaOptions } from "./cohen-kappa";
export { fleissKappa, ratingCounts, type TFleissKappa } from "./fleiss-kappa";
export { classMetrics, type TClassMetrics, type TClassReport } from "./class-metrics";
export { boxIou, type TBox } from "./box-iou";
export { distributionSummary, type TDistributionSummary } from "./distribution-summary";
export { histogram, type THistogramBin } from "./histogram";
export { correctionRates, type TCorrectionItem, type TCorrectionRate, type CorrectionRatesOptions } from "./correction-rates";
export { bootstrapInterval, type BootstrapOptions } from "./bootstrap-interval";
export { mulberry32 } from "./prng";
export { quantileSorted } from "./quantile";
