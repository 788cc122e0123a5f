import { decodeFrame, readInstance, renderFrame8 } from "../dicom";
import { referenceLine } from "../geometry";
import { RgbImage, type TRgb } from "./raster";
import { separateLabels } from "./label-layout";
import { reportSentenceOf, type TReportData } from "./report-data";

/** Height of a label of RgbImage.text at scale 2 (7 font rows × 2 + backing), with 2 px air. */
const LABEL_HEIGHT = 18;

export interface TKeyImage {
  caption: string;
  png: Buffer;
  width: number;
  height: number;
}

/** Reads the original Part 10 bytes of an instance (the blob store in the platform; files in tests). */
export type TInstanceBytes = (sopInstanceUid: string) => Promise<Buffer | null>;

const GREEN: TRgb = [60, 220, 90];
const YELLOW: TRgb = [250, 210, 40];
const RED: TRgb = [240, 60, 60];

async function render(bytes: Buffer) {
  const instance = readInstance(bytes);
  const frame = await decodeFrame(instance, 0);
  const gray = renderFrame8(frame, instance.meta);
  const factor = Math.max(1, Math.min(3, Math.floor(512 / Math.max(frame.columns, frame.rows))));
  return { meta: instance.meta, image: RgbImage.fromGray(gray, frame.columns, frame.rows, factor), factor };
}

/**
 * The report's key images, overlays drawn into the pixels: the mid-sagittal slice with the signed
 * vertebra boxes and labels and the reference line of each level's key axial slice (level labels
 * at the lines' anterior ends, never overlapping); then the key axial slice (the middle one with an
 * ROI) of every abnormal or measured level with its ROI and the reader's lengths, captioned with
 * the level's standard sentence. Images that cannot
 * be read are left out, never fatal (the table still states every finding).
 */
export async function renderKeyImages(data: TReportData, load: TInstanceBytes): Promise<TKeyImage[]> {
  const out: TKeyImage[] = [];
  const keyAxial = new Map(data.levels.map((l) => {
    const withRoi = l.images.filter((i) => i.roi);
    const pick = withRoi[Math.floor(withRoi.length / 2)] ?? l.images[Math.floor(l.images.length / 2)];
    return [l.level, pick] as const;
  }));
  const mid = data.sagittal?.midSopInstanceUid;
  const midBytes = mid ? await load(mid).catch(() => null) : null;
  if (midBytes) {
    try {
      const { meta, image, factor } = await render(midBytes);
      for (const v of data.vertebrae.filter((x) => x.sopInstanceUid === mid)) {
        const b = v.box.map((n) => n * factor) as [number, number, number, number];
        image.rect(b, GREEN, 2);
        image.text(b[2] + 4, (b[1] + b[3]) / 2 - 7, v.label, GREEN);
      }
      const levelLabels: { x: number; y: number; text: string }[] = [];
      for (const level of data.levels) {
        const axialUid = keyAxial.get(level.level)?.sopInstanceUid;
        const axialBytes = axialUid ? await load(axialUid).catch(() => null) : null;
        if (!axialBytes || !meta.geometry) continue;
        const axialMeta = readInstance(axialBytes).meta;
        const segment = axialMeta.geometry ? referenceLine(meta.geometry, axialMeta.geometry) : null;
        if (!segment) continue;
        const [[x0, y0], [x1, y1]] = segment;
        image.line(x0 * factor, y0 * factor, x1 * factor, y1 * factor, YELLOW, 1);
        // Label at the line's left (anterior for standard sagittal) end, above the line: away from
        // the vertebra labels right of the bodies; stacked without overlap (separateLabels).
        const [ex, ey] = x1 >= x0 ? [x0, y0] : [x1, y1];
        levelLabels.push({ x: Math.max(2, ex * factor + 4), y: ey * factor - 18, text: level.level });
      }
      const tops = separateLabels(levelLabels.map((l) => l.y), LABEL_HEIGHT, 2, image.height - LABEL_HEIGHT);
      levelLabels.forEach((l, i) => image.text(l.x, tops[i]!, l.text, YELLOW));
      out.push({ caption: "Mid-sagittal T2: vertebrae (green) and key axial levels (yellow)", png: image.toPng(), width: image.width, height: image.height });
    } catch {
      // an unreadable key image is left out
    }
  }
  for (const level of data.levels.filter((l) => (l.diagnosis && l.diagnosis !== "normal") || (l.measurements ?? []).length > 0)) {
    const key = keyAxial.get(level.level);
    const bytes = key ? await load(key.sopInstanceUid).catch(() => null) : null;
    if (!key || !bytes) continue;
    try {
      const { image, factor } = await render(bytes);
      if (key.roi) image.rect(key.roi.map((n) => n * factor) as [number, number, number, number], RED, 2);
      // The reader's lengths on this image (points in its pixels), yellow.
      const lengths = (level.measurements ?? []).filter((m) => m.sopInstanceUid === key.sopInstanceUid);
      for (const m of lengths) image.line(m.points[0][0] * factor, m.points[0][1] * factor, m.points[1][0] * factor, m.points[1][1] * factor, YELLOW, 2);
      image.text(6, 6, level.level, RED);
      const sentence = reportSentenceOf(level) ?? level.level;
      out.push({ caption: `Axial T2 at ${sentence}${key.roi ? " ROI in red." : ""}${lengths.length ? " Lengths in yellow." : ""}`, png: image.toPng(), width: image.width, height: image.height });
    } catch {
      // left out
    }
  }
  return out;
}
