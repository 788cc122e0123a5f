import { describe, expect, it } from "vitest";
import { normalizeInPlace, prepareInto, resampleInto } from "@/lib/inference/preprocess";
import type { TPreprocess } from "@/lib/inference/manifest";

const frame = { width: 4, height: 3, pixels: Float32Array.from({ length: 12 }, (_, k) => k) };

function spec(width: number, height: number, region: "full-image" | "roi-box" = "full-image"): TPreprocess {
  return {
    source: "test",
    resample: { method: "bilinear-half-pixel-clamp", region, width, height, keepAspect: false },
    normalize: { method: "zscore", eps: 1e-6 },
  };
}

describe("resampleInto", () => {
  it("is the identity when the box is the frame and the size is the same", () => {
    const out = new Float32Array(12);
    resampleInto(frame, [0, 0, 4, 3], 4, 3, out);
    expect([...out]).toEqual([...frame.pixels]);
  });

  it("samples half-pixel centres when downsampling (same figures as preprocess.py)", () => {
    const out = new Float32Array(2);
    resampleInto({ width: 4, height: 1, pixels: [0, 2, 4, 6] }, [0, 0, 4, 1], 2, 1, out);
    expect([...out]).toEqual([1, 5]);
  });

  it("crops a box and clamps at the edges", () => {
    const out = new Float32Array(4);
    // box covering columns 2..4 (beyond the right edge) of row 1
    resampleInto(frame, [2, 1, 6, 2], 2, 1, out, 2);
    expect([...out]).toEqual([0, 0, 6.5, 7]);
  });
});

describe("normalize and prepare", () => {
  it("z-scores to mean 0 and std 1", () => {
    const out = Float32Array.from([1, 2, 3, 4]);
    normalizeInPlace({ method: "zscore", eps: 0 }, out, 0, 4);
    const mean = out.reduce((a, b) => a + b, 0) / 4;
    const std = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(mean).toBeCloseTo(0, 6);
    expect(std).toBeCloseTo(1, 5);
  });

  it("min-max scales to [0, 1] for torchvision-style models", () => {
    const out = Float32Array.from([10, 20, 30]);
    normalizeInPlace({ method: "minmax", eps: 0 }, out, 0, 3);
    expect([...out]).toEqual([0, 0.5, 1]);
  });

  it("copies the grey plane into every channel at the batch offset", () => {
    const out = new Float32Array(2 + 3 * 4);
    prepareInto(spec(2, 2), 3, frame, undefined, out, 2);
    expect(out[0]).toBe(0);
    expect([...out.slice(6, 10)]).toEqual([...out.slice(2, 6)]);
    expect([...out.slice(10, 14)]).toEqual([...out.slice(2, 6)]);
    expect(out[2]).toBeLessThan(0);
  });
});
