import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createClassificationTask,
  createDetectionTask,
  getModelSession,
  loadModel,
  modelDir,
  releaseModelSessions,
  resolveDevice,
  type Detection,
} from "@/lib/inference";
import type { Box } from "@/lib/dicom/types";
import { generatePhantoms, hasPhantomCommand, readPhantomFrame, type PhantomStudy } from "./phantom-frames";

const haveModels = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));
if (!haveModels) console.warn("skipping model tests: models/<id>/model.onnx not committed yet");
if (!hasPhantomCommand()) console.warn("skipping phantom inference tests: `discern phantom` is not in this checkout yet");

function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

describe("resolveDevice", () => {
  it("takes the flag, then DISCERN_DEVICE, then cpu", () => {
    expect(resolveDevice(undefined, {})).toBe("cpu");
    expect(resolveDevice(undefined, { DISCERN_DEVICE: "webgpu" })).toBe("webgpu");
    expect(resolveDevice("cuda", { DISCERN_DEVICE: "webgpu" })).toBe("cuda");
    expect(() => resolveDevice("tpu", {})).toThrow(/Unknown device/);
  });
});

describe.skipIf(!haveModels)("committed models", () => {
  afterAll(releaseModelSessions);

  it("load with valid manifests and matching sha256", async () => {
    for (const role of ["vertebrae", "roi", "classifier"] as const) {
      const m = await loadModel(modelDir(role));
      expect(m.manifest.demo).toBe(true);
      expect(m.onnx.byteLength).toBe(m.manifest.bytes);
    }
  });

  it("refuse an ONNX file that does not match its manifest", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "discern-model-"));
    await copyFile(path.join(modelDir("classifier"), "manifest.json"), path.join(dir, "manifest.json"));
    const bytes = await readFile(path.join(modelDir("classifier"), "model.onnx"));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await writeFile(path.join(dir, "model.onnx"), bytes);
    await expect(loadModel(dir)).rejects.toMatchObject({ code: "MODEL_MISSING" });
  });

  it("create one session per model and device and reuse it", async () => {
    const a = await getModelSession(modelDir("classifier"));
    const b = await getModelSession(modelDir("classifier"));
    expect(b).toBe(a);
    expect(a.device).toBe("cpu");
  });

  it("fall back to cpu with a warning when the requested provider is missing", async () => {
    const warnings: string[] = [];
    // onnxruntime-node's npm build bundles cpu and webgpu only; cuda needs the separate libraries.
    const s = await getModelSession(modelDir("roi"), { device: "cuda", onWarning: (m) => warnings.push(m) });
    if (s.device === "cuda") {
      console.warn("cuda provider present here: fallback not exercised");
      return expect(s.warnings).toEqual([]);
    }
    expect(s.device).toBe("cpu");
    expect(warnings[0]).toMatch(/cuda .*running on cpu/);
  });

});

describe.skipIf(!haveModels || !hasPhantomCommand())("models on a phantom study", () => {
  let study: PhantomStudy;
  beforeAll(() => {
    const [s] = generatePhantoms(1, 1); // seed 1: a held-out seed, never trained on
    if (!s) throw new Error("discern phantom wrote no study");
    study = s;
  }, 120_000);
  afterAll(releaseModelSessions);

  it("finds every visible vertebral body (class-agnostic) and the sacrum, IoU >= 0.5", async () => {
    const task = createDetectionTask(await getModelSession(modelDir("vertebrae")));
    expect(task.info()).toMatchObject({ labels: ["vertebra", "sacrum"], inputShape: [-1, 1, 160, 160] });
    const frame = await readPhantomFrame(path.join(study.dir, study.truth.sagittal.midFile));
    const res = await task.run([frame]);
    const found = res.outputs[0] ?? [];
    // v0.2.0 names nothing: L1..L5 are "vertebra" boxes, S1 the "sacrum" box (lib/pipeline counts).
    for (const v of study.truth.vertebrae) {
      const kind = v.label === "S1" ? "sacrum" : "vertebra";
      const best = Math.max(0, ...found.filter((d: Detection) => d.label === kind).map((d: Detection) => iou(d.box, v.box)));
      expect(best, v.label).toBeGreaterThanOrEqual(0.5);
    }
    expect(res.timings.runMs).toBeGreaterThan(0);
    expect(res.runs).toBe(1);
  });

  it("batches the axial slices, finds the disc ROIs and classifies them", async () => {
    const roiTask = createDetectionTask(await getModelSession(modelDir("roi")), { maxBatch: 8 });
    const slices = study.truth.slices.filter((s) => s.roi !== null);
    const frames = await Promise.all(slices.map((s) => readPhantomFrame(path.join(study.dir, s.file))));
    const res = await roiTask.run(frames);
    expect(res.outputs).toHaveLength(frames.length);
    expect(res.runs).toBe(Math.ceil(frames.length / 8));
    const rois: Box[] = [];
    slices.forEach((s, k) => {
      const best = (res.outputs[k] ?? []).sort((a, b) => b.score - a.score)[0];
      expect(best, s.file).toBeDefined();
      expect(iou(best?.box ?? [0, 0, 0, 0], s.roi ?? [0, 0, 0, 0])).toBeGreaterThanOrEqual(0.5);
      rois.push(best?.box ?? [0, 0, 1, 1]);
    });
    const cls = createClassificationTask(await getModelSession(modelDir("classifier")));
    const out = await cls.run(frames.map((frame, k) => ({ frame, box: rois[k] ?? [0, 0, 1, 1] })));
    expect(out.outputs).toHaveLength(frames.length);
    for (const c of out.outputs) {
      const sum = Object.values(c.probabilities).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
      expect(["normal", "bulge", "herniation"]).toContain(c.label);
    }
  });
});
