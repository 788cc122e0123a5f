import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeFrame } from "@/lib/dicom/decode-frame";
import { readInstance } from "@/lib/dicom/read-instance";
import { greyFrameOf } from "@/lib/inference/grey-frame";
import type { GreyFrame } from "@/lib/inference/preprocess";
import { ZPhantomTruth, type TPhantomTruth } from "@/lib/phantom/truth";

const ROOT = path.resolve(__dirname, "../../..");

/** A phantom image as the pipeline will see it: lib/dicom's reader and decoder, Modality LUT. */
export async function readPhantomFrame(file: string): Promise<GreyFrame> {
  const instance = readInstance(readFileSync(file));
  return greyFrameOf(await decodeFrame(instance, 0), instance.meta);
}

export interface PhantomStudy {
  dir: string;
  truth: TPhantomTruth;
}

/** Whether `discern phantom` exists in this checkout yet. */
export function hasPhantomCommand(): boolean {
  return existsSync(path.join(ROOT, "lib/cli/commands/phantom.ts"));
}

/** Generates phantom studies with `discern phantom` into a temp folder and reads their truth. */
export function generatePhantoms(seed: number, count: number): PhantomStudy[] {
  const out = mkdtempSync(path.join(os.tmpdir(), "discern-inference-"));
  execFileSync(path.join(ROOT, "bin/discern"), ["phantom", "--out", out, "--seed", String(seed), "--count", String(count)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const studies: PhantomStudy[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "truth.json") studies.push({ dir, truth: ZPhantomTruth.parse(JSON.parse(readFileSync(p, "utf8"))) });
    }
  };
  walk(out);
  return studies.sort((a, b) => a.truth.seed - b.truth.seed);
}
