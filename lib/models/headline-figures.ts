/** One figure of a model's evaluation, ready to print: "level accuracy 0.97 (n 450)". */
export interface THeadlineFigure {
  label: string;
  value: number;
}

const LABELS: Record<string, string> = {
  levelAccuracy: "level accuracy",
  sliceAccuracy: "slice accuracy",
  localisationAccuracy: "vertebra localisation",
  meanIoU: "mean IoU",
  accuracyIoU50: "ROI IoU ≥ 0.5",
  n: "n",
  slices: "slices",
};

/**
 * The top-level numeric figures of a manifest's `metrics` (or of its `test` split figures when
 * present, which take precedence: they are what a dataset-trained model reports), in a fixed
 * order, for the Models page and `discern models list`. Nested tables (per level, confusion
 * matrices) are left to the card.
 */
export function headlineFigures(metrics: Record<string, unknown> | null): THeadlineFigure[] {
  if (!metrics) return [];
  const test = metrics.test;
  const source = test && typeof test === "object" && !Array.isArray(test) ? (test as Record<string, unknown>) : metrics;
  return Object.keys(LABELS)
    .filter((key) => typeof source[key] === "number" && Number.isFinite(source[key]))
    .map((key) => ({ label: LABELS[key]!, value: source[key] as number }));
}
