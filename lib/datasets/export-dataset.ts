import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PNG } from "pngjs";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { deidentifyFile } from "../deid/deidentify-file";
import { UidMap } from "../deid/uid-map";
import { verifyDeidentified } from "../deid/verify-deidentified";
import { decodeFrame, readInstance } from "../dicom";
import type { Box } from "../dicom/types";
import { AppError, toAppError } from "../errors/app-error";
import { blobStore } from "../storage";
import { archiveExportFolder } from "./export-archive";
import { projectDeidSecret } from "./project-secret";
import { studyLabels } from "./study-labels";
import { FINDING_COLUMNS, findingColumns, levelFindingOf } from "../findings";
import { startHeartbeat } from "../jobs/heartbeat";

export const EXPORT_FORMATS = ["coco", "classification", "dicom"] as const;
export type TExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportDatasetOptions {
  datasetVersionId: string;
  format: TExportFormat;
  outDir: string;
  actorId: string | null;
  /** A DatasetExport row made by startDatasetExport (QUEUED); omitted: one is created here. */
  exportId?: string;
}

const VERTEBRA_NAMES = ["L1", "L2", "L3", "L4", "L5", "S1"];
const SPLIT_NAME = { TRAIN: "train", VAL: "val", TEST: "test" } as const;
const LABEL_SOURCE = { FINAL: "reviewed", READER: "reviewed", AI: "ai-unreviewed" } as const;

interface CocoPart {
  images: Record<string, unknown>[];
  annotations: Record<string, unknown>[];
}

/**
 * Exports a frozen dataset version as discern.dataset/v1 (models/DATASET_FORMAT.md) into
 * `outDir`: `coco` writes sagittal/ and axial/ (16-bit PNGs of the modality values, native grid),
 * `classification` writes classification/manifest.csv and ROI crops (ROI grown by 75 % per side),
 * `dicom` writes the members' files de-identified (lib/deid, project key) under dicom/<study key>/,
 * each one verified, the pseudonyms recorded server-side. Study keys and UIDs in every format are
 * pseudonyms; names, IDs and dates never appear. Progress goes to DatasetExport.progress; the
 * folder is then zipped into the blob store (summary.archive: sha256, bytes, file name) for the
 * download; the export ends DONE with EXPORT_FINISHED, or FAILED with its one-sentence error.
 */
export async function exportDataset(options: ExportDatasetOptions) {
  const version = await db().datasetVersion.findUnique({ where: { id: options.datasetVersionId }, include: { members: { include: { study: true }, orderBy: { studyId: "asc" } } } });
  if (!version) throw new AppError("NOT_FOUND", { userMessage: "This dataset version does not exist." });
  if (!version.frozenAt) throw new AppError("CONFLICT", { userMessage: "Freeze the dataset version before exporting it." });
  const job = options.exportId
    ? await db().datasetExport.update({ where: { id: options.exportId }, data: { status: "RUNNING", outputPath: path.resolve(options.outDir), heartbeatAt: new Date() } })
    : await db().datasetExport.create({ data: { datasetVersionId: version.id, format: options.format, status: "RUNNING", outputPath: path.resolve(options.outDir), heartbeatAt: new Date() } });
  // Liveness: an export whose process dies stops beating and is failed by sweepStaleExports.
  const stopHeartbeat = startHeartbeat(() => db().datasetExport.updateMany({ where: { id: job.id, status: "RUNNING" }, data: { heartbeatAt: new Date() } }));
  try {
    const uids = new UidMap(await projectDeidSecret());
    await mkdir(options.outDir, { recursive: true });
    const sagittal: CocoPart = { images: [], annotations: [] };
    const axial: CocoPart = { images: [], annotations: [] };
    const rows: string[] = [];
    /** classification/findings.csv: one row per study level at both granularities (issue 16.2). */
    const findingRows: string[] = [];
    let files = 0;
    let dicomFiles = 0;
    const png = { valueOffset: 0, valueScale: 1 };
    for (const [index, member] of version.members.entries()) {
      const labels = await studyLabels(version, member.studyId);
      const studyKey = `s-${uids.pseudonym("study", member.study.studyInstanceUid).slice(5).toLowerCase()}`;
      const split = SPLIT_NAME[member.split];
      const instances = await db().instance.findMany({ where: { series: { studyId: member.studyId } }, include: { series: true } });
      const bySop = new Map(instances.map((i) => [i.sopInstanceUid, i]));
      const pixelsOf = async (sop: string) => {
        const row = bySop.get(sop);
        if (!row) throw new AppError("NOT_FOUND", { message: "labelled instance missing", userMessage: "A labelled image of a member study is missing from the store." });
        const parsed = readInstance(await blobStore().get(row.sha256));
        const frame = await decodeFrame(parsed, 0);
        return { frame, meta: parsed.meta };
      };
      if (options.format === "coco") {
        const mid = labels.vertebrae[0]?.sopInstanceUid;
        if (mid) {
          const { frame, meta } = await pixelsOf(mid);
          const id = sagittal.images.length + 1;
          const fileName = `images/${studyKey}-sag.png`;
          await writePng16(path.join(options.outDir, "sagittal", fileName), frame, meta, png);
          files += 1;
          sagittal.images.push({ id, file_name: fileName, width: frame.columns, height: frame.rows, study: studyKey, split, sop_instance_uid: uids.map(mid) });
          for (const v of labels.vertebrae.filter((x) => x.sopInstanceUid === mid)) sagittal.annotations.push(cocoBox(sagittal.annotations.length + 1, id, VERTEBRA_NAMES.indexOf(v.label) + 1, v.box));
        }
        for (const slice of labels.slices) {
          const { frame, meta } = await pixelsOf(slice.sopInstanceUid);
          const id = axial.images.length + 1;
          const fileName = `images/${studyKey}-ax${String(id).padStart(5, "0")}.png`;
          await writePng16(path.join(options.outDir, "axial", fileName), frame, meta, png);
          files += 1;
          axial.images.push({ id, file_name: fileName, width: frame.columns, height: frame.rows, study: studyKey, split, sop_instance_uid: uids.map(slice.sopInstanceUid), ...(slice.level ? { level: slice.level } : {}) });
          const roi = labels.rois.get(slice.sopInstanceUid);
          if (roi) axial.annotations.push(cocoBox(axial.annotations.length + 1, id, 1, roi.box));
        }
      } else if (options.format === "classification") {
        for (const d of [...labels.diagnoses.values()].sort((a, b) => a.level.localeCompare(b.level))) {
          findingRows.push([studyKey, split, d.level, d.diagnosis, ...findingColumns(levelFindingOf(d))].join(","));
        }
        for (const slice of labels.slices) {
          const roi = labels.rois.get(slice.sopInstanceUid);
          const diagnosis = slice.level ? labels.diagnoses.get(slice.level)?.diagnosis : undefined;
          if (!roi || !slice.level || !diagnosis) continue;
          const { frame, meta } = await pixelsOf(slice.sopInstanceUid);
          const [x0, y0, x1, y1] = roi.box;
          const gx = 0.75 * (x1 - x0);
          const gy = 0.75 * (y1 - y0);
          const crop: Box = [Math.max(0, Math.floor(x0 - gx)), Math.max(0, Math.floor(y0 - gy)), Math.min(frame.columns, Math.ceil(x1 + gx)), Math.min(frame.rows, Math.ceil(y1 + gy))];
          const fileName = `crops/${studyKey}-${String(rows.length + 1).padStart(6, "0")}.png`;
          await writePng16(path.join(options.outDir, "classification", fileName), frame, meta, png, crop);
          files += 1;
          const inCrop = [x0 - crop[0], y0 - crop[1], x1 - crop[0], y1 - crop[1]].map((v) => v.toFixed(3));
          rows.push([fileName, slice.level, diagnosis, split, ...inCrop, studyKey, uids.map(slice.sopInstanceUid)].join(","));
        }
      } else {
        for (const instance of instances) {
          const result = deidentifyFile(await blobStore().get(instance.sha256), { uids });
          const findings = verifyDeidentified(result.bytes, result.identifiers);
          if (findings.length > 0) throw new AppError("CONFLICT", { userMessage: `De-identification verification failed (${findings[0]!.kind} at ${findings[0]!.where}); the export was stopped.` });
          const target = path.join(options.outDir, "dicom", studyKey, uids.map(instance.series.seriesInstanceUid), `${result.sopInstanceUid.pseudonym}.dcm`);
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, result.bytes);
          files += 1;
          dicomFiles += 1;
          await recordPseudonym("patient", result.patientKey, result.pseudonym);
        }
        await recordPseudonym("study", member.study.studyInstanceUid, studyKey);
      }
      await db().datasetExport.update({ where: { id: job.id }, data: { progress: (index + 1) / version.members.length } });
    }
    const categories = (names: string[], part: string) => names.map((name, i) => ({ id: i + 1, name, supercategory: part }));
    if (options.format === "coco") {
      await writeJson(path.join(options.outDir, "sagittal", "annotations.json"), { ...sagittal, categories: categories(VERTEBRA_NAMES, "sagittal") });
      await writeJson(path.join(options.outDir, "axial", "annotations.json"), { ...axial, categories: categories(["disc"], "axial") });
    }
    if (options.format === "classification") {
      await mkdir(path.join(options.outDir, "classification"), { recursive: true });
      const header = "image,level,label,split,roi_x0,roi_y0,roi_x1,roi_y1,study,sop_instance_uid";
      await writeFile(path.join(options.outDir, "classification", "manifest.csv"), `${[header, ...rows].join("\n")}\n`);
      const findingHeader = ["study", "split", "level", "label", ...FINDING_COLUMNS].join(",");
      await writeFile(path.join(options.outDir, "classification", "findings.csv"), `${[findingHeader, ...findingRows].join("\n")}\n`);
    }
    // Formats can share one folder (coco then classification): counts of parts this format did
    // not write are kept from the dataset.json of the same version already there.
    const previous = await readPreviousCounts(path.join(options.outDir, "dataset.json"), version.name, String(version.version));
    const counts = {
      sagittal: options.format === "coco" ? sagittal.images.length : (previous.sagittal ?? 0),
      axial: options.format === "coco" ? axial.images.length : (previous.axial ?? 0),
      discs: options.format === "classification" ? rows.length : (previous.discs ?? 0),
      ...(options.format === "dicom" ? { dicom: dicomFiles } : previous.dicom !== undefined ? { dicom: previous.dicom } : {}),
    };
    await writeJson(path.join(options.outDir, "dataset.json"), {
      schema: "discern.dataset/v1",
      name: version.name,
      version: String(version.version),
      labelSource: LABEL_SOURCE[version.labelSource],
      splitSeed: version.splitSeed,
      png,
      counts,
    });
    // The download: the folder zipped once into the blob store, its sha256 kept with the export.
    const archive = await archiveExportFolder(options.outDir, `${version.name}-v${version.version}-${options.format}`);
    return db().$transaction(async (tx) => {
      const done = await tx.datasetExport.update({ where: { id: job.id }, data: { status: "DONE", progress: 1, finishedAt: new Date(), summary: { files, counts, archive } } });
      await recordAudit(tx, { type: "EXPORT_FINISHED", actorId: options.actorId, payload: { exportId: job.id, format: options.format, files } });
      return done;
    });
  } catch (error) {
    const appError = toAppError(error);
    await db().datasetExport.update({ where: { id: job.id }, data: { status: "FAILED", error: appError.userMessage.slice(0, 500), finishedAt: new Date() } });
    throw appError;
  } finally {
    stopHeartbeat();
  }
}

async function readPreviousCounts(file: string, name: string, version: string): Promise<Partial<Record<"sagittal" | "axial" | "discs" | "dicom", number>>> {
  try {
    const parsed = ZPreviousDataset.parse(JSON.parse(await readFile(file, "utf8")));
    return parsed.name === name && parsed.version === version ? parsed.counts : {};
  } catch {
    return {};
  }
}

const ZPreviousDataset = z.object({
  schema: z.literal("discern.dataset/v1"),
  name: z.string(),
  version: z.string(),
  counts: z.object({ sagittal: z.number().optional(), axial: z.number().optional(), discs: z.number().optional(), dicom: z.number().optional() }),
});

function cocoBox(id: number, imageId: number, categoryId: number, box: Box) {
  const [x0, y0, x1, y1] = box;
  return { id, image_id: imageId, category_id: categoryId, bbox: [x0, y0, x1 - x0, y1 - y0], area: (x1 - x0) * (y1 - y0), iscrowd: 0 };
}

async function recordPseudonym(kind: string, original: string, pseudonym: string): Promise<void> {
  await db().pseudonym.upsert({ where: { kind_original: { kind, original } }, create: { kind, original, pseudonym }, update: {} });
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value)}\n`);
}

/**
 * A single-channel 16-bit PNG of the modality values (stored × slope + intercept) of a monochrome
 * frame, optionally cropped to `crop` ([x0, y0, x1, y1] integer pixels); values outside what
 * `png` (offset/scale) can hold are refused rather than clipped.
 */
async function writePng16(
  file: string,
  frame: Awaited<ReturnType<typeof decodeFrame>>,
  meta: { rescaleSlope: number; rescaleIntercept: number },
  png: { valueOffset: number; valueScale: number },
  crop: Box = [0, 0, frame.columns, frame.rows],
): Promise<void> {
  if (frame.samplesPerPixel !== 1) throw new AppError("UNSUPPORTED_DICOM", { userMessage: "Only monochrome images can be exported as 16-bit PNGs." });
  const [cx0, cy0, cx1, cy1] = crop;
  const width = cx1 - cx0;
  const height = cy1 - cy0;
  const data = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const stored = frame.pixels[(cy0 + y) * frame.columns + cx0 + x] ?? 0;
      const value = Math.round((stored * meta.rescaleSlope + meta.rescaleIntercept - png.valueOffset) / png.valueScale);
      if (value < 0 || value > 65535) throw new AppError("UNSUPPORTED_DICOM", { userMessage: "An image's values do not fit a 16-bit PNG with offset 0 and scale 1." });
      data[y * width + x] = value;
    }
  }
  const image = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 16, inputHasAlpha: false });
  // pngjs takes 16-bit samples as a Uint16Array in place of its byte buffer.
  image.data = data as unknown as Buffer;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, PNG.sync.write(image, { colorType: 0, inputColorType: 0, bitDepth: 16, inputHasAlpha: false }));
}
