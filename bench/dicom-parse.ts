/**
 * DICOM parse benchmark (not a test): throughput and peak RSS of discern's reader
 * (`readInstance` + `decodeFrame` of every frame, and header-only `readInstanceMeta`) beside
 * dicom-parser's bare `parseDicom` of the same bytes, in the same run.
 *
 *   npx tsx bench/dicom-parse.ts [--count 3000] [--large-every 10] [--keep]
 *
 * Makes a temporary folder of uncompressed files by copying fixtures with fresh SOP Instance UIDs:
 * pydicom's MR_small.dcm (64², 10 kB) and, every `--large-every`th file, cswil's CTImage.dcm
 * (512² CT, implicit VR, 530 kB). Files are read from the page cache after a warm-up pass.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseDicom } from "dicom-parser";
import { decodeFrame, readInstance, readInstanceMeta } from "../lib/dicom";

type TOp = "bare" | "meta" | "decode";
type TPhase = TOp | "compare";
interface PhaseResult {
  phase: TOp;
  files: number;
  bytes: number;
  /** Parse (and decode) time only. */
  seconds: number;
  /** Time spent in readFile for the whole folder (page cache), shared by all readers. */
  readSeconds: number;
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

/**
 * "compare" times, file by file, dicom-parser's bare parse, readInstanceMeta and readInstance +
 * decodeFrame on the same bytes, so that all three see the same machine load (this 2-core machine
 * is shared). "bare" and "decode" run one reader alone, for its own peak RSS.
 */
async function runPhase(phase: TPhase, dir: string): Promise<PhaseResult[]> {
  const files = readdirSync(dir).sort().map((name) => path.join(dir, name));
  for (const file of files) await readFile(file); // warm the page cache: measure parsing, not the disk
  const ops: TOp[] = phase === "compare" ? ["bare", "meta", "decode"] : [phase];
  const seconds = new Map<TOp, number>(ops.map((op) => [op, 0]));
  const failures = new Map<TOp, number>(ops.map((op) => [op, 0]));
  let bytes = 0;
  let readSeconds = 0;
  for (const file of files) {
    const readStarted = performance.now();
    const data = await readFile(file);
    readSeconds += (performance.now() - readStarted) / 1000;
    bytes += data.length;
    for (const op of ops) {
      const started = performance.now();
      try {
        if (op === "bare") parseDicom(data);
        else if (op === "meta") readInstanceMeta(data);
        else {
          const instance = readInstance(data);
          for (let i = 0; i < instance.meta.frames; i++) await decodeFrame(instance, i);
        }
      } catch {
        failures.set(op, failures.get(op)! + 1);
      }
      seconds.set(op, seconds.get(op)! + (performance.now() - started) / 1000);
    }
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  return ops.map((op) => ({ phase: op, files: files.length, bytes, seconds: seconds.get(op)!, readSeconds, maxRssMb, failures: failures.get(op)! }));
}

function runChild(phase: TPhase, dir: string): PhaseResult[] {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, "--phase", phase, dir], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`phase ${phase} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as PhaseResult[];
}

function line(r: PhaseResult, baseline?: PhaseResult): string {
  const mbps = r.bytes / 1e6 / r.seconds;
  const fps = r.files / r.seconds;
  const ratio = baseline ? `  ${(mbps / (baseline.bytes / 1e6 / baseline.seconds)).toFixed(2)}× bare` : "";
  const withRead = r.bytes / 1e6 / (r.seconds + r.readSeconds);
  return `${r.phase.padEnd(7)} ${mbps.toFixed(1).padStart(8)} MB/s ${fps.toFixed(0).padStart(7)} files/s  (with readFile: ${withRead.toFixed(1)} MB/s)  failures ${r.failures}${ratio}`;
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
    const [bare, meta, decode] = runChild("compare", dir) as [PhaseResult, PhaseResult, PhaseResult];
    const [bareAlone] = runChild("bare", dir) as [PhaseResult];
    const [decodeAlone] = runChild("decode", dir) as [PhaseResult];
    console.log(`${count} files, ${(bare.bytes / 1e6).toFixed(1)} MB (every ${largeEvery}th a 512² CT), Node ${process.version}, ${os.cpus().length} CPUs`);
    console.log("throughput, interleaved file by file on the same bytes (same machine load):");
    console.log(`  ${line(bare)}`);
    console.log(`  ${line(meta, bare)}`);
    console.log(`  ${line(decode, bare)}`);
    console.log("peak RSS, each reader alone in its own process:");
    console.log(`  bare   ${bareAlone.maxRssMb.toFixed(0)} MB   decode ${decodeAlone.maxRssMb.toFixed(0)} MB`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

void main();
