import { describe, expect, it } from "vitest";
import { percentiles } from "@/lib/inference/preprocess";
import { mulberry32 } from "@/lib/stats/prng";

/**
 * percentiles selects by radix on the float32 bit pattern; expected values come from a full
 * Float32Array sort (the contract's lower-index rule), never from the code under test.
 */
describe("percentiles by radix selection", () => {
  const random = mulberry32(987);
  const bySort = (plane: Float32Array, p: number) => Float32Array.from(plane).sort()[Math.floor((p / 100) * (plane.length - 1))];

  it("agrees with a full sort on signed, fractional, huge, tiny and equal values, and leaves the input alone", () => {
    const planes = [
      Float32Array.from({ length: 160 * 160 }, () => (random() - 0.5) * 4000), // CT-like, negatives
      Float32Array.from({ length: 96 * 96 }, () => (random() < 0.4 ? -1024 : Math.round(random() * 3000) / 7)),
      Float32Array.from({ length: 999 }, () => (random() - 0.5) * 1e-30), // subnormal-ish magnitudes
      Float32Array.from({ length: 777 }, () => (random() - 0.5) * 3e38),
      Float32Array.from([0, -0, 0, -0, 5, -5]),
      Float32Array.from([-7]),
    ];
    for (const plane of planes) {
      const copy = Float32Array.from(plane);
      for (const [low, high] of [[1, 99], [0, 100], [50, 50.5], [25, 75]] as const) {
        const [lo, hi] = percentiles(plane, low, high);
        expect(lo).toBe(bySort(plane, low));
        expect(hi).toBe(bySort(plane, high));
      }
      expect(plane).toEqual(copy);
    }
  });

  it("reads plain arrays as float32 values", () => {
    expect(percentiles([0.1, -3, 2.5, 8, -0.5], 0, 100)).toEqual([-3, 8]);
    expect(percentiles([0.1, -3, 2.5, 8, -0.5], 50, 50)).toEqual([Math.fround(0.1), Math.fround(0.1)]);
  });
});
