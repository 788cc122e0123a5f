import { readFile, stat } from "node:fs/promises";
import { analyzeLevels, ZVertebraInput, type TVertebraInput } from "../../analysis/analyze-levels";
import { readDicomFolder } from "../../analysis/read-dicom-folder";
import { AppError } from "../../errors/app-error";
import { parseCliArgs } from "../args";
import type { CliRun } from "../types";

async function readVertebrae(file: string): Promise<TVertebraInput> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new AppError("BAD_USAGE", { userMessage: `Cannot read the vertebrae file ${file}.` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("BAD_USAGE", { userMessage: `The vertebrae file ${file} is not JSON.` });
  }
  const parsed = ZVertebraInput.safeParse(json);
  if (!parsed.success) {
    throw new AppError("BAD_USAGE", { userMessage: `The vertebrae file must be a JSON array of {"label":"L1".."S1","sopInstanceUid","box":[x0,y0,x1,y1]}.` });
  }
  return parsed.data;
}

export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    json: { type: "boolean" },
    vertebrae: { type: "string" },
    device: { type: "string" },
  });
  if (positionals.length !== 1) throw new AppError("BAD_USAGE", { userMessage: "Give exactly one folder: discern analyze <dir> [--json] [--vertebrae <file>]." });
  const dir = positionals[0]!;
  if (values.device !== undefined && !["cpu", "webgpu", "cuda"].includes(values.device)) {
    throw new AppError("BAD_USAGE", { userMessage: `--device must be cpu, webgpu or cuda, not "${values.device}".` });
  }
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new AppError("BAD_USAGE", { userMessage: `${dir} is not a folder.` });
  if (!values.vertebrae) {
    throw new AppError("MODEL_MISSING", {
      userMessage: "The vertebra detection model is not installed yet, so analyze needs the L1–S1 boxes from --vertebrae <file>.",
    });
  }
  const vertebrae = await readVertebrae(values.vertebrae);
  const started = performance.now();
  const { instances, skippedFiles } = await readDicomFolder(dir);
  const loadMs = performance.now() - started;
  const analysis = analyzeLevels({ instances: instances.map((i) => i.meta), skippedFiles, vertebrae });
  analysis.timingsMs = { load: Math.round(loadMs), ...analysis.timingsMs, total: Math.round(performance.now() - started) };
  if (values.json) {
    io.stdout(`${JSON.stringify(analysis, null, 2)}\n`);
    return 0;
  }
  io.stdout(`Study ${analysis.studyInstanceUid}: sagittal ${analysis.series.sagittal ?? "none"}, ${analysis.series.axial.length} axial series, ${analysis.series.ignored.length} ignored, ${skippedFiles.length} files skipped.\n`);
  for (const s of analysis.slices) {
    io.stdout(`  ${s.sopInstanceUid}  ${(s.level ?? "—").padEnd(6)} ${s.distanceMm === null ? "" : `${s.distanceMm.toFixed(1)} mm`} ${s.flags.join(", ")}\n`);
  }
  return 0;
};
