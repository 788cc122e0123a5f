/**
 * DICOM parse benchmark (not a test): throughput and peak RSS of discern's reader
 * (`readInstance` + `decodeFrame` of every frame, and header-only `readInstanceMeta`) beside
 * dicom-parser's bare `parseDicom` of the same bytes, in the same run.
 *
 *   npx tsx bench/dicom-parse.ts [--count 3000] [--large-every 10] [--keep]
 *
 * Makes a temporary folder of uncompressed files by copying fixtures with fresh SOP Instance UIDs:
 * pydicom's MR_small.dcm (64², 10 kB) and, every `--large-every`th file, cswil's CTImage.dcm
 * (512² CT, implicit VR, 530 kB). Each phase runs in its own child process so that its peak RSS is
 * its own; files are read from the page cache after a warm-up pass.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseDicom } from "dicom-parser";
import { decodeFrame, readInstance, readInstanceMeta } from "../lib/dicom";

type TPhase = "bare" | "meta" | "decode";
interface PhaseResult {
  phase: TPhase;
  files: number;
  bytes: number;
  seconds: number;
  maxRssMb: number;
  failures: number;
}

const FIXTURES = path.resolve(__dirname, "../test/fixtures/dicom");

/** Rewrites the UID value in place (same length), so element offsets and lengths stay valid. */
function withNewUid(source: Buffer, index: number): Buffer {
  const copy = Buffer.from(source);
  const dataSet = parseDicom(copy, { untilTag: "x7fe00010" });
  for (const tag of ["x00020003", "x00080018"]) {
    const element = dataSet.elements[tag];
    if (!element) continue;
    const digits = String(index).padStart(8, "0");
    const uid = `2.25.${"9".repeat(Math.max(0, element.length - 6 - digits.length))}${digits}`.slice(0, element.length);
    copy.write(uid.padEnd(element.length, "\0"), element.dataOffset, "latin1");
  }
  return copy;
}

function makeFolder(count: number, largeEvery: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "discern-bench-"));
  const small = readFileSync(path.join(FIXTURES, "pydicom/MR_small.dcm"));
  const large = readFileSync(path.join(FIXTURES, "cswil/CTImage.dcm"));
  for (let i = 0; i < count; i++) {
    const source = largeEvery > 0 && i % largeEvery === 0 ? large : small;
    writeFileSync(path.join(dir, `img-${String(i).padStart(6, "0")}.dcm`), withNewUid(source, i));
  }
  return dir;
}

async function runPhase(phase: TPhase, dir: string): Promise<PhaseResult> {
  const files = readdirSync(dir).sort().map((name) => path.join(dir, name));
  for (const file of files) await readFile(file); // warm the page cache: measure parsing, not the disk
  let bytes = 0;
  let failures = 0;
  const started = performance.now();
  for (const file of files) {
    const data = await readFile(file);
    bytes += data.length;
    try {
      if (phase === "bare") parseDicom(data);
      else if (phase === "meta") readInstanceMeta(data);
      else {
        const instance = readInstance(data);
        for (let i = 0; i < instance.meta.frames; i++) await decodeFrame(instance, i);
      }
    } catch {
      failures += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { phase, files: files.length, bytes, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, failures };
}

function runChild(phase: TPhase, dir: string): PhaseResult {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, "--phase", phase, dir], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`phase ${phase} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as PhaseResult;
}

function line(r: PhaseResult, baseline?: PhaseResult): string {
  const mbps = r.bytes / 1e6 / r.seconds;
  const fps = r.files / r.seconds;
  const ratio = baseline ? `  ${(mbps / (baseline.bytes / 1e6 / baseline.seconds)).toFixed(2)}× bare` : "";
  return `${r.phase.padEnd(7)} ${mbps.toFixed(1).padStart(8)} MB/s ${fps.toFixed(0).padStart(7)} files/s  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB  failures ${r.failures}${ratio}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { phase: { type: "string" }, count: { type: "string" }, "large-every": { type: "string" }, keep: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.phase) {
    process.stdout.write(`${JSON.stringify(await runPhase(values.phase as TPhase, positionals[0]!))}\n`);
    return;
  }
  const count = Number(values.count ?? 3000);
  const largeEvery = Number(values["large-every"] ?? 10);
  const dir = makeFolder(count, largeEvery);
  try {
    // Two rounds, alternating, best of each: the 2-core machine is shared, so one slow run is noise.
    const best = (a: PhaseResult, b: PhaseResult) => (a.seconds <= b.seconds ? a : b);
    let bare = runChild("bare", dir);
    let meta = runChild("meta", dir);
    let decode = runChild("decode", dir);
    bare = best(bare, runChild("bare", dir));
    meta = best(meta, runChild("meta", dir));
    decode = best(decode, runChild("decode", dir));
    console.log(`${count} files, ${(bare.bytes / 1e6).toFixed(1)} MB (every ${largeEvery}th a 512² CT), Node ${process.version}, ${os.cpus().length} CPUs`);
    console.log(line(bare));
    console.log(line(meta, bare));
    console.log(line(decode, bare));
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

void main();
