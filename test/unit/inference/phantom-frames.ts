import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dicomParser from "dicom-parser";
import type { GreyFrame } from "@/lib/inference/preprocess";
import { ZPhantomTruth, type TPhantomTruth } from "@/lib/phantom/truth";

const ROOT = path.resolve(__dirname, "../../..");

/**
 * Test-only frame decoder for the phantom's uncompressed 16-bit images (dicom-parser directly;
 * the pipeline uses lib/dicom's decoder): first frame, Modality LUT applied.
 */
export function readPhantomFrame(file: string): GreyFrame {
  const ds = dicomParser.parseDicom(readFileSync(file));
  const rows = ds.uint16("x00280010") ?? 0;
  const columns = ds.uint16("x00280011") ?? 0;
  const signed = ds.uint16("x00280103") === 1;
  const slope = ds.floatString("x00281053") ?? 1;
  const intercept = ds.floatString("x00281052") ?? 0;
  const el = ds.elements.x7fe00010;
  if (!el || ds.uint16("x00280100") !== 16) throw new Error(`${file}: not uncompressed 16-bit`);
  const bytes = ds.byteArray.slice(el.dataOffset, el.dataOffset + rows * columns * 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixels = new Float32Array(rows * columns);
  for (let k = 0; k < pixels.length; k++) {
    const v = signed ? view.getInt16(2 * k, true) : view.getUint16(2 * k, true);
    pixels[k] = v * slope + intercept;
  }
  return { width: columns, height: rows, pixels };
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
