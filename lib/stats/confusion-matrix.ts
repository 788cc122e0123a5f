import type { TMatrix } from "./types";

/**
 * Counts paired labels into a categories × categories matrix: rows are the first label of each
 * pair (the reference), columns the second. Pairs with a label outside `categories` throw, so a
 * typo never silently drops subjects.
 */
export function confusionMatrix<T extends string>(pairs: ReadonlyArray<readonly [T, T]>, categories: readonly T[]): TMatrix {
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts: TMatrix = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new RangeError(`confusionMatrix: label outside the categories (${String(a)}, ${String(b)})`);
    const row = counts[i]!;
    row[j] = (row[j] ?? 0) + 1;
  }
  return counts;
}

/** Total count of a matrix. */
export function matrixTotal(matrix: TMatrix): number {
  return matrix.reduce((sum, row) => sum + row.reduce((s, v) => s + v, 0), 0);
}

/** Throws unless the matrix is square with finite, non-negative counts. */
export function assertSquare(matrix: TMatrix): number {
  const k = matrix.length;
  for (const row of matrix) {
    if (row.length !== k) throw new RangeError("matrix must be square");
    for (const v of row) if (!Number.isFinite(v) || v < 0) throw new RangeError("matrix counts must be finite and non-negative");
  }
  return k;
}
