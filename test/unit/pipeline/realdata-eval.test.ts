import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "@/lib/cli/main";
import { modelDir } from "@/lib/inference/models";
import { releaseModelSessions } from "@/lib/inference/session";
import { formatRealEval } from "@/lib/pipeline/eval/format-real-eval";
import { runRealdataEval, type RealdataEvalReport } from "@/lib/pipeline/eval/run-realdata-eval";
import { loadPipelineModels, type PipelineModels } from "@/lib/pipeline/pipeline-models";
import { wilsonInterval } from "@/lib/stats/wilson-interval";

const FIXTURE = path.resolve(__dirname, "../../fixtures/realdata");
const modelsPresent = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));

/**
 * `discern eval --realdata` end to end on one real exam (fixture VB3-16) with the committed ONNX
 * models. What the models answer is not asserted (it is what eval measures); the structure of
 * the report and the consistency of its counts and intervals are.
 */
describe.skipIf(!modelsPresent)("runRealdataEval on one real exam with the committed models", () => {
  let models: PipelineModels;
  let report: RealdataEvalReport;
  let dir: string;
  const progress: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "discern-realdata-eval-"));
    models = await loadPipelineModels({ device: "cpu" });
    report = await runRealdataEval({ dir: FIXTURE, split: "all", models, onProgress: (line) => progress.push(line) });
  }, 120_000);
  afterAll(async () => {
    await releaseModelSessions();
    await rm(dir, { recursive: true, force: true });
  });

  it("scores the exam's five labelled bodies and twelve axial images, one table for VB3 and one for all", () => {
    expect(report.failed).toEqual([]);
    expect(report.exams).toHaveLength(1);
    expect(report.tables.map((t) => t.source)).toEqual(["VB3", "all"]);
    const exam = report.exams[0]!;
    expect(exam.exam).toBe("VB3-16");
    expect(exam.vertebrae.map((v) => v.label)).toEqual(["L1", "L2", "L3", "L4", "L5"]);
    expect(exam.levels.map((l) => l.level)).toEqual(["L1-L2", "L1-L2", "L1-L2", "L2-L3", "L2-L3", "L2-L3", "L3-L4", "L3-L4", "L3-L4", "L4-L5", "L4-L5", "L4-L5"]);
    expect(report.models.map((m) => m.id).sort()).toEqual(models.manifests.map((m) => m.id).sort());
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatch(/^\[1\/1\] VB3-16: vertebrae \d\/5 .*levels \d+\/12/);
  });

  it("keeps every count consistent with the per-exam outcomes and every interval Wilson's", () => {
    const exam = report.exams[0]!;
    for (const t of report.tables) {
      expect(t.exams).toBe(1);
      expect(t.vertebrae.n).toBe(5);
      expect(t.vertebrae.successes).toBe(exam.vertebrae.filter((v) => v.hit).length);
      expect(t.levels.n).toBe(12);
      expect(t.levels.successes).toBe(exam.levels.filter((l) => l.hit).length);
      expect(t.perVertebra.reduce((a, p) => a + p.result.successes, 0)).toBe(t.vertebrae.successes);
      expect(t.perLevel.reduce((a, p) => a + p.result.n, 0)).toBe(t.levels.n);
      expect(t.perLevel.find((p) => p.level === "L5-S1")!.result.n).toBe(0); // VB3 does not label the sacrum
      expect(t.s1.n).toBe(0);
      for (const p of [t.vertebrae, t.levels, ...t.perVertebra.map((x) => x.result), ...t.perLevel.map((x) => x.result)]) {
        if (p.n === 0) continue;
        expect(p.value).toBe(p.successes / p.n);
        expect(p.ci).toEqual(wilsonInterval(p.successes, p.n));
        expect(p.ci!.lower).toBeLessThanOrEqual(p.value!);
        expect(p.ci!.upper).toBeGreaterThanOrEqual(p.value!);
      }
      expect(t.meanAnalysisMs).toBeGreaterThan(0);
    }
    for (const v of exam.vertebrae) expect(v.iou).toBeGreaterThanOrEqual(0);
    const text = formatRealEval(report);
    expect(text).toMatch(/^VB3 — 1 exam$/m);
    expect(text).toMatch(/Step 1 {2}vertebrae L1–L5 identified +\d+\.\d% +\d \/ 5 +\d+\.\d%–\d+\.\d%/);
    expect(text).toMatch(/Step 2 {2}axial levels right +\d+\.\d% +\d+ \/ 12 /);
  });

  it("takes the exams of the requested split from the split file, and refuses a missing one", async () => {
    const splitFile = path.join(dir, "split.json");
    await writeFile(splitFile, JSON.stringify({ schema: "discern.realdata-split/v1", splits: { train: ["VB3-01"], validation: [], test: ["VB3-16"] } }));
    const test = await runRealdataEval({ dir: FIXTURE, split: "test", splitFile, models });
    expect(test.exams.map((e) => e.exam)).toEqual(["VB3-16"]);
    expect(test.splitFile).toBe(splitFile);
    const train = await runRealdataEval({ dir: FIXTURE, split: "train", splitFile, models });
    expect(train.exams).toEqual([]);
    expect(train.tables.map((t) => [t.source, t.exams])).toEqual([["all", 0]]);
    await expect(runRealdataEval({ dir: FIXTURE, split: "test", splitFile: path.join(dir, "absent.json"), models })).rejects.toThrow(/--split all/);
  }, 60_000);

  it("runs as `discern eval --realdata <dir> --json`, and refuses a bad split or two sources", async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(["eval", "--realdata", FIXTURE, "--json"])).toBe(0);
      expect(await main(["eval", "--realdata", FIXTURE, "--split", "val"])).toBe(2);
      expect(await main(["eval", "--realdata", FIXTURE, "phantoms/"])).toBe(2);
    } finally {
      process.stdout.write = write;
      process.stderr.write = err;
    }
    const json = JSON.parse(out.join("")) as RealdataEvalReport;
    expect(json.schema).toBe("discern.eval-realdata/v1");
    expect(json.split).toBe("all");
    expect(json.tables.map((t) => [t.source, t.exams, t.vertebrae.n, t.levels.n])).toEqual([
      ["VB3", 1, 5, 12],
      ["all", 1, 5, 12],
    ]);
  }, 60_000);
});
