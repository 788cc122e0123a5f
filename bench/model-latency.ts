/**
 * Per-model latency in onnxruntime-node (not a timed test): raw session.run on random inputs at
 * batch sizes 1 and 16 (the axial case), after warm-up, median of N runs.
 *   node --import ./node_modules/tsx/dist/loader.mjs bench/model-latency.ts [--device cpu|webgpu|cuda] [--runs 30]
 */
import * as ort from "onnxruntime-node";
import { getModelSession, modelDir, releaseModelSessions, resolveDevice } from "../lib/inference";

function arg(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

async function main(): Promise<void> {
  const device = resolveDevice(arg("--device"));
  const runs = Number(arg("--runs") ?? 30);
  for (const role of ["vertebrae", "roi", "classifier"] as const) {
    const ms = await getModelSession(modelDir(role), { device });
    const [, c = 1, h = 1, w = 1] = ms.model.manifest.input.shape;
    for (const batch of [1, 16]) {
      const data = Float32Array.from({ length: batch * c * h * w }, () => Math.random() * 2 - 1);
      const feeds = { [ms.model.manifest.input.name]: new ort.Tensor("float32", data, [batch, c, h, w]) };
      for (let k = 0; k < 3; k++) await ms.session.run(feeds);
      const times: number[] = [];
      for (let k = 0; k < runs; k++) {
        const t = performance.now();
        await ms.session.run(feeds);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? NaN;
      console.log(
        `${ms.model.manifest.id} on ${ms.device}: batch ${batch} median ${median.toFixed(2)} ms ` +
          `(${(median / batch).toFixed(2)} ms per image), load ${ms.loadMs.toFixed(0)} ms`,
      );
    }
  }
  await releaseModelSessions();
}

void main();
