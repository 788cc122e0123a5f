import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZAnalysis } from "@/lib/analysis/schema";
import type { Detection } from "@/lib/inference/decode";
import type { InferResult, InferTask } from "@/lib/inference/infer-task";
import type { TModelManifest } from "@/lib/inference/manifest";
import { writeStudy } from "@/lib/phantom/write-study";
import type { TPhantomTruth } from "@/lib/phantom/truth";
import { analyzeStudy } from "@/lib/pipeline/analyze-study";
import { scoreStudy, summarizeScores } from "@/lib/pipeline/eval";
import type { PipelineModels } from "@/lib/pipeline/pipeline-models";

/** A staged task that answers from a function and counts its calls (stands in for an ONNX model). */
function stubTask<TIn extends unknown[], TOut>(id: string, answer: (input: TIn[number], k: number) => TOut) {
  const calls: number[] = [];
  const task: InferTask<TIn, TOut[]> = {
    info: () => ({ modelId: id, version: "stub", task: "vertebra-detection", labels: [], inputShape: [], device: "cpu" }),
    run: async (inputs: TIn): Promise<InferResult<TOut[]>> => {
      calls.push(inputs.length);
      return { outputs: inputs.map((x, k) => answer(x, k)), timings: { preMs: 0, runMs: 0, postMs: 0 }, model: { id, version: "stub" }, device: "cpu", runs: 1 };
    },
  };
  return { task, calls };
}

// Only the fields the pipeline reads; the vertebra stub is a v0.1 detector (labels by appearance)
// unless `assignment` says it counts.
const manifest = (id: string, task: TModelManifest["task"], assignment?: { method: "count-from-sacrum" }) =>
  ({ id, version: "stub", task, output: { format: "centernet", ...(assignment ? { assignment } : {}) } }) as TModelManifest;

describe("analyzeStudy composes the four steps", () => {
  let dir: string;
  let truth: TPhantomTruth;
  let studyDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "discern-analyze-"));
    const w = await writeStudy(dir, { seed: 11, variant: "standard" });
    truth = w.study.truth;
    studyDir = w.dir;
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("runs detection on the mid-sagittal image, ROI and classification in one batch each, and aggregates per level", async () => {
    // Step 1 stub: the true boxes plus a decoy L3 far below S1 (must be dropped by the order rule).
    const vertebrae = stubTask<Parameters<NonNullable<PipelineModels["vertebrae"]>["run"]>[0], Detection[]>("v", () => [
      ...truth.vertebrae.map((v) => ({ label: v.label, score: 0.9, box: v.box })),
      { label: "L3", score: 0.3, box: [10, 300, 20, 310] },
    ]);
    const roi = stubTask<Parameters<PipelineModels["roi"]["run"]>[0], Detection[]>("r", (f) => [{ label: "disc", score: 0.8, box: [f.width * 0.3, f.height * 0.3, f.width * 0.7, f.height * 0.7] }]);
    const classifier = stubTask<Parameters<PipelineModels["classifier"]["run"]>[0], { label: string; probabilities: Record<string, number> }>("c", () => ({
      label: "bulge",
      probabilities: { normal: 0.2, bulge: 0.7, herniation: 0.1 },
    }));
    const models: PipelineModels = {
      vertebrae: vertebrae.task,
      roi: roi.task,
      classifier: classifier.task,
      device: "cpu",
      warnings: [],
      manifests: [manifest("v", "vertebra-detection"), manifest("r", "disc-roi-detection"), manifest("c", "disc-classification")],
      loadMs: 0,
    };
    const steps: string[] = [];
    const { analysis } = await analyzeStudy({ input: studyDir, models, onProgress: (s) => void steps.push(s) });
    expect(ZAnalysis.safeParse(analysis).success).toBe(true);
    expect(steps).toEqual(["load", "vertebrae", "levels", "roi", "classify"]);
    expect(vertebrae.calls).toEqual([1]);
    expect(analysis.countingBasis).toBe("appearance");
    expect(analysis.vertebrae.map((v) => v.label)).toEqual(truth.vertebrae.map((v) => v.label));
    expect(analysis.vertebrae.every((v) => v.sopInstanceUid === truth.sagittal.midSopInstanceUid)).toBe(true);
    const leveled = analysis.slices.filter((s) => s.level !== null);
    expect(roi.calls).toEqual([leveled.length]);
    // Only slices that cut their disc are classified (off-disc ones only when a level has nothing else).
    const onDisc = leveled.filter((s) => !s.flags.includes("off-disc"));
    expect(onDisc.length).toBeLessThan(leveled.length);
    expect(classifier.calls).toEqual([analysis.discs.length]);
    const flagsOf = new Map(analysis.slices.map((s) => [s.sopInstanceUid, s.flags]));
    const offDiscDiscs = analysis.discs.filter((d) => flagsOf.get(d.sopInstanceUid)!.includes("off-disc"));
    for (const d of offDiscDiscs) expect(onDisc.some((s) => s.level === d.level)).toBe(false);
    expect(analysis.discs.length).toBe(onDisc.length + new Set(offDiscDiscs.map((d) => d.level)).size);
    expect(analysis.levels.map((l) => l.level)).toEqual(["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"]);
    expect(analysis.levels.every((l) => l.diagnosis === "bulge" && l.sopInstanceUids.length > 0)).toBe(true);
    expect(analysis.models.map((m) => m.id)).toEqual(["v", "r", "c"]);
    expect(Object.keys(analysis.timingsMs)).toEqual(["load", "decode", "vertebrae", "levels", "roi", "classify", "total"]);
    expect(analysis.skippedFiles).toEqual([{ path: "truth.json", reason: expect.any(String) }]);

    const score = summarizeScores([scoreStudy(analysis, truth)]);
    expect(score.vertebraLocalisation.accuracy).toBe(1);
    expect(score.vertebraIoU.min).toBe(1);
    expect(score.levelAccuracy.accuracy).toBe(1);
  });

  describe("with a counting detector (labels vertebra and sacrum)", () => {
    const run = async (answer: (k: number) => Detection[]) => {
      const vertebrae = stubTask<Parameters<NonNullable<PipelineModels["vertebrae"]>["run"]>[0], Detection[]>("v2", (_f, k) => answer(k));
      const roi = stubTask<Parameters<PipelineModels["roi"]["run"]>[0], Detection[]>("r", (f) => [{ label: "disc", score: 0.8, box: [f.width * 0.3, f.height * 0.3, f.width * 0.7, f.height * 0.7] }]);
      const classifier = stubTask<Parameters<PipelineModels["classifier"]["run"]>[0], { label: string; probabilities: Record<string, number> }>("c", () => ({
        label: "normal",
        probabilities: { normal: 0.8, bulge: 0.1, herniation: 0.1 },
      }));
      const models: PipelineModels = {
        vertebrae: vertebrae.task,
        roi: roi.task,
        classifier: classifier.task,
        device: "cpu",
        warnings: [],
        manifests: [manifest("v2", "vertebra-detection", { method: "count-from-sacrum" }), manifest("r", "disc-roi-detection"), manifest("c", "disc-classification")],
        loadMs: 0,
      };
      return { ...(await analyzeStudy({ input: studyDir, models })), calls: vertebrae.calls };
    };
    // The phantom's true boxes, class-agnostic: S1 is "sacrum", the rest "vertebra".
    const agnostic = (except?: string): Detection[] =>
      truth.vertebrae.filter((v) => v.label !== except).map((v) => ({ label: v.label === "S1" ? "sacrum" : "vertebra", score: 0.9, box: v.box }));

    it("reads the mid image and its neighbours in one run and names the bodies by counting from S1", async () => {
      // The mid image (input 0) misses L3; its neighbours see every body (phantom slices are parallel).
      const { analysis, calls } = await run((k) => agnostic(k === 0 ? "L3" : undefined));
      expect(calls).toEqual([5]);
      expect(analysis.countingBasis).toBe("sacrum");
      expect(analysis.counting?.notes[0]).toBe("Levels counted from the sacrum.");
      expect(analysis.vertebrae.map((v) => v.label)).toEqual(truth.vertebrae.map((v) => v.label));
      const l3 = analysis.vertebrae.find((v) => v.label === "L3")!;
      expect(l3.sopInstanceUid).not.toBe(truth.sagittal.midSopInstanceUid);
      expect(analysis.vertebrae.filter((v) => v.label !== "L3").every((v) => v.sopInstanceUid === truth.sagittal.midSopInstanceUid)).toBe(true);
      expect(summarizeScores([scoreStudy(analysis, truth)]).levelAccuracy.accuracy).toBe(1);
      expect(analysis.slices.some((s) => s.flags.includes("counting-uncertain"))).toBe(false);
    });

    it("names nothing and flags every slice when no sacrum is found", async () => {
      const { analysis, warnings } = await run(() => agnostic("S1"));
      expect(analysis.countingBasis).toBe("none");
      expect(analysis.vertebrae).toEqual([]);
      expect(analysis.levels).toEqual([]);
      expect(analysis.counting?.bodies).toHaveLength(truth.vertebrae.length - 1);
      expect(analysis.slices.every((s) => s.level === null && s.flags.includes("counting-uncertain"))).toBe(true);
      expect(warnings.some((w) => /No sacrum/.test(w))).toBe(true);
    });
  });

  it("with given vertebrae skips step 1 and names only the models it used", async () => {
    const roi = stubTask<Parameters<PipelineModels["roi"]["run"]>[0], Detection[]>("r", () => []);
    const classifier = stubTask<Parameters<PipelineModels["classifier"]["run"]>[0], { label: string; probabilities: Record<string, number> }>("c", () => ({ label: "normal", probabilities: {} }));
    const models: PipelineModels = {
      vertebrae: null,
      roi: roi.task,
      classifier: classifier.task,
      device: "cpu",
      warnings: [],
      manifests: [manifest("r", "disc-roi-detection"), manifest("c", "disc-classification")],
      loadMs: 0,
    };
    const given = truth.vertebrae.map((v) => ({ label: v.label, sopInstanceUid: truth.sagittal.midSopInstanceUid, box: v.box }));
    const { analysis } = await analyzeStudy({ input: studyDir, models, vertebrae: given });
    expect(analysis.vertebrae.map((v) => v.score)).toEqual(given.map(() => null));
    expect(analysis.models.map((m) => m.id)).toEqual(["r", "c"]);
    expect(analysis.countingBasis).toBe("given");
    expect(analysis.discs).toEqual([]);
    expect(classifier.calls).toEqual([]);
    const onDisc = analysis.slices.filter((s) => s.level !== null && !s.flags.includes("off-disc"));
    expect(onDisc.length).toBeGreaterThan(0);
    expect(onDisc.every((s) => s.flags.includes("no-roi"))).toBe(true);
  });
});
