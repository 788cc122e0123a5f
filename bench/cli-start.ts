/**
 * CLI start-up benchmark (not a test): wall time of `discern` commands that do no work, bundled
 * (bin/discern → node_modules/.cache/discern-cli/cli.cjs) beside the same entry run from the
 * TypeScript sources through tsx (how bin/discern ran before issue 19) and beside bare `node -e 0`
 * (the floor), all in one run, interleaved, so that the machine's load hits every line alike.
 *
 *   npx tsx bench/cli-start.ts [--runs 15]
 *
 * `analyze <missing folder>` loads the analyze command and every module it imports (the pipeline,
 * onnxruntime-node's binding) and stops at the folder check: the time spent before models load.
 * Reports the median and the minimum (the minimum is the least disturbed by other processes).
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
  const runs = Number(values.runs);
  // Builds the bundle if it is stale, so that no timed run pays for the build.
  once(CASES[1]!);
  const times = CASES.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) CASES.forEach((c, i) => times[i]!.push(once(c)));
  console.log(`bench/cli-start: ${runs} runs each, interleaved; ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const floor = median(times[0]!);
  CASES.forEach((c, i) => {
    const m = median(times[i]!);
    console.log(`${c.label.padEnd(34)} median ${m.toFixed(0).padStart(5)} ms  min ${Math.min(...times[i]!).toFixed(0).padStart(5)} ms  ${(m / floor).toFixed(2)} × node -e 0`);
  });
  console.log("targets: --help < 150 ms, analyze < 300 ms before loading models (on an idle machine)");
}

main();
