import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { generateStudy, type GenerateStudyOptions } from "./generate-study";

/**
 * Generates a study and writes it under `<outDir>/phantom-<seed>/`: the DICOM files in one folder
 * per series and truth.json beside them. Resolves to the study folder and its truth.
 */
export async function writeStudy(outDir: string, options: GenerateStudyOptions) {
  const study = generateStudy({ ...options, pixels: true });
  const dir = path.join(outDir, study.name);
  for (const file of study.files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    if (file.bytes) await writeFile(target, file.bytes);
  }
  await writeFile(path.join(dir, "truth.json"), `${JSON.stringify(study.truth, null, 2)}\n`);
  return { dir, study };
}
