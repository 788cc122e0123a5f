/**
 * Writes the first frame of a DICOM file as the model-input source plane, so that the Python
 * training code can read images whose codec pydicom lacks (JPEG lossless, JPEG-LS, JPEG 2000):
 * `<out>.f32` holds rows x columns float32 little-endian values (stored value x RescaleSlope +
 * RescaleIntercept, row by row) and `<out>.json` holds { rows, columns, pixelSpacing, file }.
 *
 *   node --import tsx models/training/tools/dump-frame.ts <file.dcm> <out-prefix>
 *
 * Throws (exit 1) on a file lib/dicom cannot decode; the file's patient identifiers are not written.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { applyModalityLut, decodeFrame, readInstance } from "../../../lib/dicom";

async function main(): Promise<void> {
  const [file, out] = process.argv.slice(2);
  if (!file || !out) throw new Error("usage: dump-frame.ts <file.dcm> <out-prefix>");
  const instance = readInstance(await readFile(file));
  const frame = await decodeFrame(instance, 0);
  if (frame.samplesPerPixel !== 1) throw new Error(`${path.basename(file)}: not a grey image`);
  const values = new Float32Array(frame.rows * frame.columns);
  for (let i = 0; i < values.length; i++) values[i] = applyModalityLut(frame.pixels[i] ?? 0, instance.meta);
  await writeFile(`${out}.f32`, Buffer.from(values.buffer));
  const meta = { rows: frame.rows, columns: frame.columns, pixelSpacing: instance.meta.geometry?.pixelSpacing ?? null, file: path.basename(file) };
  await writeFile(`${out}.json`, JSON.stringify(meta));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
