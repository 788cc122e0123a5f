import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCenterNet, greedyNms } from "@/lib/inference/decode";
import { maxPerClassOf, ZModelManifest, type TPreprocess } from "@/lib/inference/manifest";
import { inputToSourceMap, normalizeInPlace, percentiles, prepareInto, sourceBox } from "@/lib/inference/preprocess";
import { mulberry32 } from "@/lib/stats/prng";

// The additions of notes/AI-CONTRACT.md (vertebra detector v0.2.0). The preprocessing figures are
// the same hand-computed ones that models/training/tests/test_training.py asserts for Python.

const squareSpec = (width: number, height: number): TPreprocess => ({
  source: "test",
  resample: { method: "bilinear-half-pixel-clamp", region: "centered-square", width, height, keepAspect: true },
  normalize: { method: "affine", scale: 1, offset: 0 },
});

describe("centered-square region", () => {
  // A 4x2 image: row 0 = 0 1 2 3, row 1 = 4 5 6 7.
  const frame = { width: 4, height: 2, pixels: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) };

  it("is the square of side max(W, H) centred on the image", () => {
    // s = 4: [2 − 2, 1 − 2, 2 + 2, 1 + 2].
    expect(sourceBox("centered-square", 4, 2)).toEqual([0, -1, 4, 3]);
    // A tall 3x5 image: s = 5, [1.5 − 2.5, 2.5 − 2.5, 1.5 + 2.5, 2.5 + 2.5].
    expect(sourceBox("centered-square", 3, 5)).toEqual([-1, 0, 4, 5]);
    expect(sourceBox("full-image", 4, 2)).toEqual([0, 0, 4, 2]);
  });

  it("resamples with edge clamping outside the image", () => {
    const out = new Float32Array(16);
    prepareInto(squareSpec(4, 4), 1, frame, undefined, out, 0);
    // Rows sample y = i − 1 → clamped to 0, 0, 1, 1; columns are exact.
    expect([...out]).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7]);
    const small = new Float32Array(4);
    prepareInto(squareSpec(2, 2), 1, frame, undefined, small, 0);
    // x = 0.5, 2.5; y = −0.5 → 0 and 1.5 → 1.
    expect([...small]).toEqual([0.5, 2.5, 4.5, 6.5]);
  });

  it("maps model-input boxes back through the square", () => {
    // Input 4x4 over the square [0, −1, 4, 3]: one input pixel is one source pixel, origin y −1.
    expect(inputToSourceMap(squareSpec(4, 4).resample, 4, 2)).toEqual({ scaleX: 1, scaleY: 1, originX: 0, originY: -1 });
    // Input 8x8 over a 4x2 image: 0.5 source pixels per input pixel.
    expect(inputToSourceMap(squareSpec(8, 8).resample, 4, 2)).toEqual({ scaleX: 0.5, scaleY: 0.5, originX: 0, originY: -1 });
  });
});

describe("percentile-clip normalisation", () => {
  it("takes the lower-index percentiles of the sorted plane", () => {
    // Sorted 1..10, n = 10: floor(0.1 · 9) = 0 → 1; floor(0.9 · 9) = 8 → 9.
    expect(percentiles([5, 1, 9, 3, 7, 2, 8, 4, 6, 10], 10, 90)).toEqual([1, 9]);
    // 0..100: floor(0.01 · 100) = 1, floor(0.99 · 100) = 99.
    expect(percentiles(Array.from({ length: 101 }, (_, k) => k), 1, 99)).toEqual([1, 99]);
  });

  it("clips to [lo, hi] and scales to [0, 1]", () => {
    const out = Float32Array.from([0, 5, 1, 9, 3, 7, 2, 8, 4, 6, 10]);
    // Only the ten values after the first are normalised: lo 1, hi 9, (clip(x) − 1) / 8.
    normalizeInPlace({ method: "percentile-clip", low: 10, high: 90, eps: 0 }, out, 1, 10);
    expect([...out]).toEqual([0, 0.5, 0, 1, 0.25, 0.75, 0.125, 0.875, 0.375, 0.625, 1]);
  });
});

describe("greedy NMS", () => {
  const a: [number, number, number, number] = [0, 0, 10, 10];
  const b: [number, number, number, number] = [1, 0, 11, 10]; // IoU with a: 90 / 110 = 0.818
  const c: [number, number, number, number] = [5, 0, 15, 10]; // IoU with a: 50 / 150 = 0.333
  const d: [number, number, number, number] = [0, 20, 10, 30]; // disjoint

  it("keeps a box only when it overlaps no kept better box above the IoU", () => {
    expect(greedyNms([a, b, c, d], 0.3)).toEqual([0, 3]);
    expect(greedyNms([a, b, c, d], 0.5)).toEqual([0, 2, 3]);
    // b is dropped, so it cannot suppress c even though IoU(b, c) = 60 / 140 = 0.43.
    expect(greedyNms([a, b, c], 0.4)).toEqual([0, 2]);
  });
});

describe("decodeCenterNet with per-label limits and NMS", () => {
  // 8x8 cells, stride 4, sizeScale 4; classes vertebra and sacrum.
  const h = 8;
  const w = 8;
  const plane = h * w;
  const heatmap = new Float32Array(2 * plane).fill(0.01);
  const size = new Float32Array(2 * plane);
  const offset = new Float32Array(2 * plane);
  const put = (c: number, i: number, j: number, score: number, bw: number, bh: number) => {
    heatmap[c * plane + i * w + j] = score;
    size[i * w + j] = bw;
    size[plane + i * w + j] = bh;
  };
  put(0, 2, 2, 0.9, 10, 2.5); // centre (8, 8), box [−12, 3, 28, 13]
  put(0, 2, 4, 0.8, 10, 2.5); // centre (16, 8), box [−4, 3, 36, 13]: IoU 32 / 48 with the first
  put(0, 6, 2, 0.7, 10, 2.5); // centre (8, 24), box [−12, 19, 28, 29]
  put(1, 6, 6, 0.6, 1, 1); // centre (24, 24), box [22, 22, 26, 26]
  const base = {
    format: "centernet" as const,
    heatmap: "heatmap",
    size: "size",
    offset: "offset",
    stride: 4,
    sizeScale: 4,
    heatmapActivation: "sigmoid-in-model" as const,
    peak: "3x3-local-max" as const,
    scoreThreshold: 0.3,
    boxSpace: "input",
  };
  const identity = { scaleX: 1, scaleY: 1, originX: 0, originY: 0 };
  const run = (spec: Parameters<typeof decodeCenterNet>[0]) =>
    decodeCenterNet(spec, ["vertebra", "sacrum"], { heatmap, size, offset }, { classes: 2, height: h, width: w }, 0, identity);

  it("suppresses the overlapping peak and keeps the per-label limits", () => {
    const dets = run({ ...base, maxPerClass: { vertebra: 12, sacrum: 2 }, nmsIoU: 0.3 });
    expect(dets.map((d) => [d.label, d.score, d.box])).toEqual([
      ["vertebra", expect.closeTo(0.9, 6), [-12, 3, 28, 13]],
      ["vertebra", expect.closeTo(0.7, 6), [-12, 19, 28, 29]],
      ["sacrum", expect.closeTo(0.6, 6), [22, 22, 26, 26]],
    ]);
  });

  it("keeps every peak without NMS and applies a numeric limit to every label", () => {
    expect(run({ ...base, maxPerClass: { vertebra: 12, sacrum: 2 } }).map((d) => d.score)).toHaveLength(4);
    expect(run({ ...base, maxPerClass: 1, nmsIoU: 0.3 }).map((d) => [d.label, d.box])).toEqual([
      ["vertebra", [-12, 3, 28, 13]],
      ["sacrum", [22, 22, 26, 26]],
    ]);
  });
});

describe("manifest schema", () => {
  const current = JSON.parse(readFileSync(path.join(process.cwd(), "models/discern-vertebrae-centernet/manifest.json"), "utf8"));
  const v2 = {
    ...current,
    version: "0.2.0",
    labels: ["vertebra", "sacrum"],
    input: { ...current.input, shape: [-1, 1, 160, 160] },
    preprocess: {
      ...current.preprocess,
      resample: { ...current.preprocess.resample, region: "centered-square", width: 160, height: 160, keepAspect: true },
      normalize: { method: "percentile-clip", low: 1, high: 99, eps: 1e-6 },
    },
    output: { ...current.output, maxPerClass: { vertebra: 12, sacrum: 2 }, nmsIoU: 0.3, assignment: { method: "count-from-sacrum" } },
  };

  it("accepts the committed manifest and the v0.2.0 contract's additions", () => {
    expect(ZModelManifest.safeParse(current).success).toBe(true);
    const parsed = ZModelManifest.parse(v2);
    expect(parsed.output.format === "centernet" && parsed.output.assignment).toEqual({ method: "count-from-sacrum" });
    expect(maxPerClassOf({ vertebra: 12, sacrum: 2 }, "sacrum")).toBe(2);
    expect(maxPerClassOf(3, "sacrum")).toBe(3);
  });

  it("refuses a per-label limit that misses a label, counting without a sacrum label, and low ≥ high", () => {
    expect(ZModelManifest.safeParse({ ...v2, output: { ...v2.output, maxPerClass: { vertebra: 12 } } }).success).toBe(false);
    expect(ZModelManifest.safeParse({ ...v2, labels: ["vertebra", "S1"], output: { ...v2.output, maxPerClass: 2 } }).success).toBe(false);
    const badClip = { ...v2.preprocess, normalize: { method: "percentile-clip", low: 99, high: 1, eps: 0 } };
    expect(ZModelManifest.safeParse({ ...v2, preprocess: badClip }).success).toBe(false);
  });
});

describe("percentiles by selection", () => {
  it("agrees with a full sort on random planes, planes full of ties and tiny planes", () => {
    // A seeded generator (mulberry32) so that a failure reproduces.
    const random = mulberry32(12345);
    const planes = [
      Float32Array.from({ length: 160 * 160 }, () => random() * 1000),
      Float32Array.from({ length: 4097 }, (_, k) => (k % 3 === 0 ? 0 : Math.floor(random() * 5))), // background and few grey values
      Float32Array.from({ length: 1000 }, () => 7),
      Float32Array.from([3]),
      Float32Array.from([2, 1]),
    ];
    for (const plane of planes) {
      const sorted = Float32Array.from(plane).sort();
      for (const [low, high] of [[1, 99], [0, 100], [50, 50.5], [10, 90]] as const) {
        const at = (p: number) => sorted[Math.floor((p / 100) * (plane.length - 1))];
        expect(percentiles(plane, low, high)).toEqual([at(low), at(high)]);
      }
    }
  });
});
