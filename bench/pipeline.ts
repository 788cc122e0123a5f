/**
 * Pipeline benchmark (not a test): per-study analysis time after model load, and the pipeline's
 * overhead over the bare `session.run` calls it makes, both measured in the same run.
 *
 *   nice npx tsx bench/pipeline.ts [--device cpu|webgpu|cuda] [--studies 5] [--runs 5] [--variant thick-slices] [--keep]
 *
 * Generates phantom studies (seeds 301…, held out from training), loads the models once, then
 * per study: one warm-up analysis, `--runs` timed analyses (analyzeStudy from the folder: file
 * reading, header parsing, decoding, the four steps), each followed by replaying the exact input
 * tensors of that analysis through the bare sessions. Interleaving keeps a shared machine's load
 * the same for both. Reported: medians per study; overhead = analysis ms / summed bare run ms,
 * per inference step (pre + run + post vs run) and for the whole study.
 * Targets (issue 5): ≤ 1000 ms per study on 2 CPU cores; overhead ≤ 1.15×.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type * as ort from "onnxruntime-node";
import { resolveDevice } from "../lib/inference/device";
import { releaseModelSessions, type ModelSession } from "../lib/inference/session";
import type { TVariant } from "../lib/phantom/options";
import { writeStudy } from "../lib/phantom/write-study";
import { analyzeStudy } from "../lib/pipeline/analyze-study";
import { loadPipelineModels } from "../lib/pipeline/pipeline-models";

type TStep = "vertebrae" | "roi" | "classify";
const TASK_STEP: Record<string, TStep> = { "vertebra-detection": "vertebrae", "disc-roi-detection": "roi", "disc-classification": "classify" };

interface Recorded {
  step: TStep;
  session: ort.InferenceSession;
  feeds: Record<string, ort.Tensor>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { device: { type: "string" }, studies: { type: "string" }, runs: { type: "string" }, variant: { type: "string" }, keep: { type: "boolean" } },
  });
  const device = resolveDevice(values.device);
  const studies = Number(values.studies ?? 5);
  const runs = Number(values.runs ?? 5);
  const variant = (values.variant ?? "thick-slices") as TVariant;

  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-bench-pipeline-"));
  const folders: { dir: string; images: number }[] = [];
  for (let k = 0; k < studies; k++) {
    const w = await writeStudy(dir, { seed: 301 + k, variant });
    folders.push({ dir: w.dir, images: w.study.files.filter((f) => f.bytes).length });
  }

  // Every session.run the pipeline makes is recorded (step, session, feeds) and timed.
  let recording: Recorded[] = [];
  const wrap = (ms: ModelSession): ModelSession => {
    const step = TASK_STEP[ms.model.manifest.task]!;
    const session = new Proxy(ms.session, {
      get(target, prop) {
        if (prop === "run") {
          return (feeds: Record<string, ort.Tensor>) => {
            recording.push({ step, session: target, feeds });
            return target.run(feeds);
          };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return { ...ms, session };
  };
  const t0 = performance.now();
  const models = await loadPipelineModels({ device, wrapSession: wrap });
  const loadMs = performance.now() - t0;

  const stageSum: Record<TStep, { preMs: number; runMs: number; postMs: number }[]> = { vertebrae: [], roi: [], classify: [] };
  const phases = { load: [] as number[], decode: [] as number[] };
  const rows: { images: number; total: number; raw: number; steps: Record<TStep, { pipe: number; raw: number }> }[] = [];
  for (const folder of folders) {
    await analyzeStudy({ input: folder.dir, models }); // warm-up: page cache, JIT, ORT arenas
    const totals: number[] = [];
    const raws: number[] = [];
    const stepPipe: Record<TStep, number[]> = { vertebrae: [], roi: [], classify: [] };
    const stepRaw: Record<TStep, number[]> = { vertebrae: [], roi: [], classify: [] };
    for (let r = 0; r < runs; r++) {
      recording = [];
      const t = performance.now();
      const { analysis, stages } = await analyzeStudy({ input: folder.dir, models });
      totals.push(performance.now() - t);
      for (const st of ["vertebrae", "roi", "classify"] as const) {
        const x = stages[st];
        if (x) stageSum[st].push(x);
      }
      phases.load.push(analysis.timingsMs.load ?? 0);
      phases.decode.push(analysis.timingsMs.decode ?? 0);
      for (const s of ["vertebrae", "roi", "classify"] as const) stepPipe[s].push(analysis.timingsMs[s] ?? 0);
      const replay = recording;
      recording = [];
      const perStep: Record<TStep, number> = { vertebrae: 0, roi: 0, classify: 0 };
      for (const rec of replay) {
        const tr = performance.now();
        await rec.session.run(rec.feeds);
        perStep[rec.step] += performance.now() - tr;
      }
      for (const s of ["vertebrae", "roi", "classify"] as const) stepRaw[s].push(perStep[s]);
      raws.push(perStep.vertebrae + perStep.roi + perStep.classify);
    }
    rows.push({
      images: folder.images,
      total: median(totals),
      raw: median(raws),
      steps: {
        vertebrae: { pipe: median(stepPipe.vertebrae), raw: median(stepRaw.vertebrae) },
        roi: { pipe: median(stepPipe.roi), raw: median(stepRaw.roi) },
        classify: { pipe: median(stepPipe.classify), raw: median(stepRaw.classify) },
      },
    });
  }

  const f = (x: number) => x.toFixed(1).padStart(7);
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "n/a").padStart(6);
  console.log(`discern pipeline benchmark: device ${models.device} (requested ${device}), ${os.cpus().length} CPUs, ${studies} ${variant} phantom studies, median of ${runs} runs, models loaded in ${loadMs.toFixed(0)} ms`);
  console.log("");
  console.log("study images  analysis ms  bare run ms  overhead | vertebrae pipe/bare   | roi pipe/bare         | classify pipe/bare");
  rows.forEach((r, k) => {
    const s = r.steps;
    console.log(
      `${String(301 + k).padStart(5)} ${String(r.images).padStart(6)}  ${f(r.total)}      ${f(r.raw)}    ${ratio(r.total, r.raw)} | ${f(s.vertebrae.pipe)} ${f(s.vertebrae.raw)} ${ratio(s.vertebrae.pipe, s.vertebrae.raw)} | ${f(s.roi.pipe)} ${f(s.roi.raw)} ${ratio(s.roi.pipe, s.roi.raw)} | ${f(s.classify.pipe)} ${f(s.classify.raw)} ${ratio(s.classify.pipe, s.classify.raw)}`,
    );
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const total = mean(rows.map((r) => r.total));
  const raw = mean(rows.map((r) => r.raw));
  const inference = mean(rows.map((r) => r.steps.vertebrae.pipe + r.steps.roi.pipe + r.steps.classify.pipe));
  console.log("");
  console.log(`mean: ${total.toFixed(1)} ms per study (target ≤ 1000 ms on 2 CPU cores), ${mean(rows.map((r) => r.images)).toFixed(1)} images`);
  console.log(`overhead, whole study (read + parse + decode + 4 steps) / bare session.run: ${(total / raw).toFixed(3)}×`);
  console.log(`overhead, inference steps (preprocess + run + decode) / bare session.run:   ${(inference / raw).toFixed(3)}× (target ≤ 1.15×)`);
  const m = (xs: number[]) => (xs.length ? median(xs).toFixed(1) : "n/a");
  console.log(`median per study: load (read + headers) ${m(phases.load)} ms, decode ${m(phases.decode)} ms`);
  for (const st of ["vertebrae", "roi", "classify"] as const) {
    const xs = stageSum[st];
    console.log(`  ${st.padEnd(9)} preprocess ${m(xs.map((x) => x.preMs))} ms, session.run inside the pipeline ${m(xs.map((x) => x.runMs))} ms, decode outputs ${m(xs.map((x) => x.postMs))} ms`);
  }
  await releaseModelSessions();
  if (!values.keep) await rm(dir, { recursive: true, force: true });
  else console.log(`studies kept in ${dir}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/pipeline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
