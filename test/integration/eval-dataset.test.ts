import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../lib/cli/main";
import { createDatasetVersion, freezeDatasetVersion } from "../../lib/datasets/dataset-versions";
import type { Detection } from "../../lib/inference/decode";
import type { InferResult, InferTask } from "../../lib/inference/infer-task";
import type { TModelManifest } from "../../lib/inference/manifest";
import { generateStudy } from "../../lib/phantom/generate-study";
import type { TPhantomTruth } from "../../lib/phantom/truth";
import { runDatasetEval } from "../../lib/pipeline/eval/run-dataset-eval";
import type { PipelineModels } from "../../lib/pipeline/pipeline-models";
import { signReading, startStudyReading } from "../../lib/review";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { makeUser, resetDatabase } from "./helpers";

/** A staged task answering from a function (stands in for an ONNX model with known answers). */
function stubTask<TIn extends unknown[], TOut>(id: string, answer: (input: TIn[number], k: number) => TOut): InferTask<TIn, TOut[]> {
  return {
    info: () => ({ modelId: id, version: "stub", task: "vertebra-detection", labels: [], inputShape: [], device: "cpu" }),
    run: async (inputs: TIn): Promise<InferResult<TOut[]>> => ({ outputs: inputs.map((x, k) => answer(x, k)), timings: { preMs: 0, runMs: 0, postMs: 0 }, model: { id, version: "stub" }, device: "cpu", runs: 1 }),
  };
}

/**
 * Models that answer with the phantom's truth: every vertebra box exact, a full-image ROI, and
 * "normal" for every disc. Scored against the signed labels (which a reader accepted from the
 * truth-based AI reading), vertebrae and levels must be all right and the diagnosis right exactly
 * where the truth says normal — figures that follow from the truth, not from the code under test.
 */
function truthModels(truth: TPhantomTruth): PipelineModels {
  // An appearance (v0.1-style) detector: labels L1..S1, no counting assignment.
  const manifest = (id: string, task: TModelManifest["task"]) => ({ id, version: "stub", task, output: { format: "centernet" } }) as TModelManifest;
  return {
    vertebrae: stubTask<Parameters<NonNullable<PipelineModels["vertebrae"]>["run"]>[0], Detection[]>("v", () => truth.vertebrae.map((v) => ({ label: v.label, score: 0.95, box: v.box }))),
    roi: stubTask<Parameters<PipelineModels["roi"]["run"]>[0], Detection[]>("r", (f) => [{ label: "disc", score: 0.9, box: [0, 0, f.width, f.height] }]),
    classifier: stubTask<Parameters<PipelineModels["classifier"]["run"]>[0], { label: string; probabilities: Record<string, number> }>("c", () => ({ label: "normal", probabilities: { normal: 0.9, bulge: 0.05, herniation: 0.05 } })),
    device: "cpu",
    warnings: [],
    manifests: [manifest("v", "vertebra-detection"), manifest("r", "disc-roi-detection"), manifest("c", "disc-classification")],
    loadMs: 0,
  };
}

describe("discern eval --dataset: the AI against the signed labels of a frozen dataset version", () => {
  let truth: TPhantomTruth;

  beforeAll(async () => {
    await resetDatabase();
    const supervisor = await makeUser("SUPERVISOR");
    const reader = await makeUser("RADIOLOGIST");
    const seeded = await seedPhantomStudy({ seed: 31, variant: "standard" });
    truth = generateStudy({ seed: 31, variant: "standard", pixels: false }).truth;
    const { reading } = await startStudyReading({ studyId: seeded.studyId, userId: reader.id });
    await signReading({ readingId: reading.id, userId: reader.id });
    const final = await createDatasetVersion({ name: "eval-final", labelSource: "FINAL", studyIds: [seeded.studyId], splitSeed: 1, splitFractions: { train: 0, val: 0, test: 1 } }, supervisor.id);
    await freezeDatasetVersion(final.id, supervisor.id);
    const ai = await createDatasetVersion({ name: "eval-ai", labelSource: "AI", studyIds: [seeded.studyId], splitSeed: 1, splitFractions: { train: 1, val: 0, test: 0 } }, supervisor.id);
    await freezeDatasetVersion(ai.id, supervisor.id);
    await createDatasetVersion({ name: "eval-open", labelSource: "FINAL", studyIds: [seeded.studyId], splitSeed: 1, splitFractions: { train: 1, val: 0, test: 0 } }, supervisor.id);
  }, 120_000);

  it("scores every labelled vertebra, at-disc slice and level of the split against the final reading", async () => {
    const progress: string[] = [];
    const report = await runDatasetEval({ name: "eval-final", split: "test", models: truthModels(truth), onProgress: (l) => progress.push(l) });
    const atDisc = truth.slices.filter((s) => s.level !== null && s.atDisc);
    expect(report.source).toMatchObject({ dataset: "eval-final", version: 1, labelSource: "FINAL", split: "test" });
    expect(report.studies).toBe(1);
    expect(report.failedStudies).toBe(0);
    expect(report.vertebraLocalisation).toMatchObject({ n: truth.vertebrae.length, hits: truth.vertebrae.length, accuracy: 1 });
    expect(report.levelAccuracy).toMatchObject({ n: atDisc.length, hits: atDisc.length });
    expect(report.roiAccuracy.n).toBe(atDisc.filter((s) => s.roi).length);
    const normal = truth.levels.filter((l) => l.diagnosis === "normal").length;
    expect(report.classification).toMatchObject({ n: truth.levels.length, hits: normal });
    expect(report.classification.ci!.lower).toBeLessThanOrEqual(normal / truth.levels.length);
    expect(progress).toEqual([expect.stringMatching(/^\[1\/1\] study 1 \(test\): vertebrae 6\/6, levels \d+\/\d+/)]);
    // No identifier of the study in what eval prints.
    expect(JSON.stringify({ report, progress })).not.toContain(truth.studyInstanceUid);
  }, 60_000);

  it("refuses an AI-labelled version, an unfrozen one, and an empty split, in one sentence", async () => {
    await expect(runDatasetEval({ name: "eval-ai", split: "all", models: truthModels(truth) })).rejects.toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringMatching(/labelled by the AI/) });
    await expect(runDatasetEval({ name: "eval-open", split: "all", models: truthModels(truth) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(runDatasetEval({ name: "eval-final", split: "train", models: truthModels(truth) })).rejects.toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringMatching(/no study in split train/) });
  });

  it("runs from the command line with the committed models and prints the paper's table with intervals", async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      expect(await main(["eval", "--dataset", "eval-final@1", "--split", "test"])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const text = out.join("");
    expect(text).toMatch(/^discern eval --dataset: 1 studies of "eval-final" v1 \(FINAL labels, split test\)/m);
    expect(text).toMatch(/Step 1 {2}vertebra localisation +\d+\.\d% {2}\(\d \/ 6 vertebrae, 95% CI /);
    expect(await main(["eval", "--dataset", "eval-final", "--realdata", "x"])).toBe(2);
  }, 60_000);
});
