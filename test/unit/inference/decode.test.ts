import { describe, expect, it } from "vitest";
import { decodeCenterNet, decodeDetections, softmaxRow } from "@/lib/inference/decode";

const centerNet = {
  format: "centernet" as const,
  heatmap: "heatmap",
  size: "size",
  offset: "offset",
  stride: 4,
  sizeScale: 4,
  heatmapActivation: "sigmoid-in-model" as const,
  peak: "3x3-local-max" as const,
  maxPerClass: 1,
  scoreThreshold: 0.3,
  boxSpace: "input",
};

describe("decodeCenterNet", () => {
  // batch 2, 2 classes, 4x4 cells; image 1 has class 1 at cell (row 2, col 1) and a weaker
  // neighbour that is not a peak; class 0 stays under the threshold.
  const h = 4;
  const w = 4;
  const plane = h * w;
  const heatmap = new Float32Array(2 * 2 * plane).fill(0.01);
  const size = new Float32Array(2 * 2 * plane);
  const offset = new Float32Array(2 * 2 * plane);
  const n = 1;
  const k = 2 * w + 1;
  heatmap[n * 2 * plane + plane + k] = 0.9;
  heatmap[n * 2 * plane + plane + k + 1] = 0.8;
  size[n * 2 * plane + k] = 5; // width 20 input px
  size[n * 2 * plane + plane + k] = 2.5; // height 10 input px
  offset[n * 2 * plane + k] = 0.5;
  offset[n * 2 * plane + plane + k] = 0.25;

  it("finds the peak and maps it to source pixels", () => {
    const dets = decodeCenterNet(
      centerNet,
      ["a", "b"],
      { heatmap, size, offset },
      { classes: 2, height: h, width: w },
      n,
      { scaleX: 2, scaleY: 3, originX: 0, originY: 0 },
    );
    expect(dets).toHaveLength(1);
    const [d] = dets;
    expect(d?.label).toBe("b");
    expect(d?.score).toBeCloseTo(0.9);
    // centre in input px: ((1 + 0.5) * 4, (2 + 0.25) * 4) = (6, 9); box 20 x 10
    expect(d?.box).toEqual([(6 - 10) * 2, (9 - 5) * 3, (6 + 10) * 2, (9 + 5) * 3]);
  });

  it("applies a label's own threshold (scoreThresholdByLabel) and the general one to the rest", () => {
    // Image 0: class "a" peaks at 0.2 at cell (1, 1), class "b" at 0.2 at cell (3, 3); general threshold 0.3.
    const hm = new Float32Array(2 * 2 * plane).fill(0.01);
    hm[1 * w + 1] = 0.2;
    hm[plane + 3 * w + 3] = 0.2;
    const dims = { classes: 2, height: h, width: w };
    const unit = { scaleX: 1, scaleY: 1, originX: 0, originY: 0 };
    expect(decodeCenterNet(centerNet, ["a", "b"], { heatmap: hm, size, offset }, dims, 0, unit)).toEqual([]);
    const byLabel = decodeCenterNet({ ...centerNet, scoreThresholdByLabel: { b: 0.15 } }, ["a", "b"], { heatmap: hm, size, offset }, dims, 0, unit);
    expect(byLabel.map((d) => [d.label, d.score])).toEqual([["b", expect.closeTo(0.2, 6)]]);
  });

  it("returns nothing for an image without peaks above the threshold", () => {
    const dets = decodeCenterNet(centerNet, ["a", "b"], { heatmap, size, offset }, { classes: 2, height: h, width: w }, 0, {
      scaleX: 1,
      scaleY: 1,
      originX: 0,
      originY: 0,
    });
    expect(dets).toEqual([]);
  });
});

describe("decodeDetections (Faster R-CNN style)", () => {
  it("applies the label offset, the threshold and one box per label", () => {
    const spec = {
      format: "detections" as const,
      boxes: "boxes",
      labels: "labels",
      scores: "scores",
      labelOffset: 1,
      maxPerClass: 1,
      scoreThreshold: 0.5,
    };
    const boxes = Float32Array.from([0, 0, 10, 10, 1, 1, 11, 11, 5, 5, 6, 6]);
    const ids = BigInt64Array.from([1n, 1n, 2n]);
    const scores = Float32Array.from([0.7, 0.9, 0.4]);
    const dets = decodeDetections(spec, ["L1", "L2"], boxes, ids, scores, { scaleX: 2, scaleY: 2, originX: 1, originY: 0 });
    expect(dets).toEqual([{ label: "L1", score: expect.closeTo(0.9, 5), box: [3, 2, 23, 22] }]);
  });
});

describe("softmaxRow", () => {
  it("gives probabilities that sum to one, in label order", () => {
    const p = softmaxRow(Float32Array.from([0, 0, 0, 1, 2, 3]), 3, 1, ["normal", "bulge", "herniation"]);
    expect(Object.keys(p)).toEqual(["normal", "bulge", "herniation"]);
    expect((p.normal ?? 0) + (p.bulge ?? 0) + (p.herniation ?? 0)).toBeCloseTo(1, 6);
    expect(p.herniation).toBeGreaterThan(p.bulge ?? 1);
  });
});

describe("assignExclusive", () => {
  it("gives a shared body to one label and moves the other to its next peak", async () => {
    const { assignExclusive } = await import("@/lib/inference/decode");
    const l5: [number, number, number, number] = [100, 175, 145, 213];
    const s1: [number, number, number, number] = [114, 206, 157, 245];
    const dets = assignExclusive(
      [
        { label: "L5", score: 0.32, box: l5 },
        { label: "S1", score: 0.34, box: l5 },
        { label: "S1", score: 0.29, box: s1 },
      ],
      ["L5", "S1"],
      0.4,
    );
    expect(dets).toEqual([
      { label: "L5", score: 0.32, box: l5 },
      { label: "S1", score: 0.29, box: s1 },
    ]);
  });
});
