import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../errors/app-error";
import { readNpz } from "./read-npz";
import type { Volume } from "./volume";

export const REALDATA_SETS = ["VB1", "VB3", "IVD"] as const;
export type TRealdataSet = (typeof REALDATA_SETS)[number];

/** One entry of ../shared/realdata/index.json (see its README). */
export const ZRealdataIndexEntry = z.object({
  /** `<set>-<nn>.npz`, relative to the index's folder. */
  file: z.string().regex(/^[A-Za-z0-9_-]+\.npz$/),
  set: z.enum(REALDATA_SETS),
  /** `[rows, columns, slices]` of both arrays. */
  shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  /** Label value (as a string) → anatomical name: `L3`, `S1`, `T12`, `L4-L5`, … */
  labels: z.record(z.string().regex(/^\d+$/), z.string()),
  /** On what basis the names were given (VB1's are by eye). */
  labelBasis: z.string(),
});
export type TRealdataIndexEntry = z.infer<typeof ZRealdataIndexEntry>;

/** A real exam loaded into memory: image and label volumes of the same shape, and the label names. */
export interface RealExam {
  /** The file name without `.npz`, e.g. `VB3-01` (research exam id, not a patient identifier). */
  id: string;
  set: TRealdataSet;
  image: Volume;
  labels: Volume<Uint8Array>;
  /** Label value → name, exactly as index.json gives it. */
  labelNames: Map<number, string>;
  labelBasis: string;
}

export const examIdOf = (entry: Pick<TRealdataIndexEntry, "file">) => entry.file.replace(/\.npz$/, "");

/**
 * Reads and checks `<dir>/index.json`.
 *
 * @throws AppError INVALID_INPUT when it is missing or does not follow the README's format.
 */
export async function readRealdataIndex(dir: string): Promise<TRealdataIndexEntry[]> {
  const file = path.join(dir, "index.json");
  const text = await readFile(file, "utf8").catch((cause: unknown) => {
    throw new AppError("INVALID_INPUT", { userMessage: `${dir} has no readable index.json (see ../shared/realdata/README.md).`, cause });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError("INVALID_INPUT", { userMessage: `${file} is not JSON.`, cause });
  }
  const parsed = z.array(ZRealdataIndexEntry).safeParse(json);
  if (!parsed.success) throw new AppError("INVALID_INPUT", { userMessage: `${file} does not list exams as the realdata README describes (file, set, shape, labels, labelBasis).` });
  return parsed.data;
}

/**
 * Loads one exam's `image` (uint8 or uint16) and `labels` (uint8) arrays and checks both against
 * the index's shape.
 *
 * @throws AppError INVALID_INPUT when an array is missing, of another shape or type.
 */
export async function loadRealExam(dir: string, entry: TRealdataIndexEntry): Promise<RealExam> {
  const arrays = await readNpz(path.join(dir, entry.file));
  const volumeOf = (name: string) => {
    const a = arrays.get(name);
    if (!a) throw new AppError("INVALID_INPUT", { userMessage: `${entry.file} has no "${name}" array.` });
    if (a.shape.length !== 3 || a.shape.some((n, k) => n !== entry.shape[k])) {
      throw new AppError("INVALID_INPUT", { userMessage: `${entry.file}: "${name}" has shape ${a.shape.join("×")}, index.json says ${entry.shape.join("×")}.` });
    }
    return { rows: entry.shape[0], columns: entry.shape[1], slices: entry.shape[2], data: a.data };
  };
  const image = volumeOf("image");
  const labels = volumeOf("labels");
  if (!(labels.data instanceof Uint8Array)) throw new AppError("INVALID_INPUT", { userMessage: `${entry.file}: "labels" must be uint8.` });
  return {
    id: examIdOf(entry),
    set: entry.set,
    image,
    labels: { ...labels, data: labels.data },
    labelNames: new Map(Object.entries(entry.labels).map(([value, name]) => [Number(value), name])),
    labelBasis: entry.labelBasis,
  };
}
