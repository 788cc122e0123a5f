/**
 * CLI start-up benchmark (not a test): wall time of `discern` commands that do no work, bundled
 * (bin/discern → node_modules/.cache/discern-cli/cli.cjs) beside the same entry run from the
 * TypeScript sources through tsx (how bin/discern ran before issue 19) and beside bare `node -e 0`
 * (the floor), all in one run, interleaved, so that the machine's load hits every line alike.
 *
 * `analyze <missing folder>` loads the analyze command and stops at the folder check.
 * `analyze <study>, until models load` runs `bin/discern analyze` on a phantom study folder with
 * DISCERN_TRACE_STARTUP=1 and stops it when it reports that it starts loading the models (after the
 * arguments and the folder check; the folder's headers are scanned while the models load, and
 * loading onnxruntime-node, the pipeline code and the sessions is model loading): the wall time
 * from spawn to that line.
 * Reports the median and the minimum (the minimum is the least disturbed by other processes), with
 * the machine's load average before and after.
 *
 *   npx tsx bench/cli-start.ts [--runs 15] [--no-tsx]   (--no-tsx: leave out the slow tsx lines)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeStudy } from "../lib/phantom/write-study";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin/discern");
const TSX = ["--no-warnings=ExperimentalWarning", "--import", `file://${ROOT}/node_modules/tsx/dist/loader.mjs`, path.join(ROOT, "lib/cli/entry.ts")];

interface Case {
  label: string;
  command: string;
  args: string[];
}

const CASES: Case[] = [
  { label: "node -e 0 (floor)", command: process.execPath, args: ["-e", "0"] },
  { label: "discern --help (bundle)", command: BIN, args: ["--help"] },
  { label: "discern --help (tsx)", command: process.execPath, args: [...TSX, "--help"] },
  { label: "analyze, before models (bundle)", command: BIN, args: ["analyze", "/nonexistent-discern-bench"] },
  { label: "analyze, before models (tsx)", command: process.execPath, args: [...TSX, "analyze", "/nonexistent-discern-bench"] },
];

function once(c: Case): number {
  const started = performance.now();
  const result = spawnSync(c.command, c.args, { stdio: "ignore", env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.json") } });
  if (result.error) throw result.error;
  return performance.now() - started;
}

/** Spawn → the "loading models" trace line of `bin/discern analyze <dir>` (ms), then the child is stopped. */
function untilModels(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(BIN, ["analyze", dir], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, DISCERN_TRACE_STARTUP: "1" } });
    let text = "";
    child.stderr.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes("discern-trace: loading models")) return;
      const elapsed = performance.now() - started;
      child.kill("SIGKILL");
      resolve(elapsed);
    });
    child.on("exit", () => reject(new Error(`bin/discern analyze ended before loading models: ${text.trim()}`)));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "15" }, "no-tsx": { type: "boolean" } } });
  const runs = Number(values.runs);
  const cases = values["no-tsx"] ? CASES.filter((c) => !c.label.includes("(tsx)")) : CASES;
  const tmp = await mkdtemp(path.join(os.tmpdir(), "discern-cli-start-"));
  const study = await writeStudy(tmp, { seed: 301, variant: "thick-slices" });
  // Builds the bundles if they are stale, so that no timed run pays for a build.
  once(CASES[1]!);
  once(CASES[3]!);
  const loadBefore = os.loadavg();
  const times = cases.map(() => [] as number[]);
  const analyze: number[] = [];
  for (let r = 0; r < runs; r++) {
    cases.forEach((c, i) => times[i]!.push(once(c)));
    analyze.push(await untilModels(study.dir));
  }
  const loadAfter = os.loadavg();
  const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(" ");
  console.log(`bench/cli-start: ${runs} runs each, interleaved; ${os.cpus().length} CPUs, load average ${la(loadBefore)} before, ${la(loadAfter)} after`);
  const floor = median(times[0]!);
  const line = (label: string, xs: number[]) => {
    const m = median(xs);
    console.log(`${label.padEnd(46)} median ${m.toFixed(0).padStart(5)} ms  min ${Math.min(...xs).toFixed(0).padStart(5)} ms  ${(m / floor).toFixed(2)} × node -e 0`);
  };
  cases.forEach((c, i) => line(c.label, times[i]!));
  line(`analyze <study>, until models load`, analyze);
  console.log("targets: --help < 150 ms, analyze < 300 ms before loading models (on an idle machine)");
  await rm(tmp, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/cli-start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
