import { readFile, writeFile } from "node:fs/promises";
import dcmjs from "dcmjs";

/**
 * Test helper: edits phantom files as a console or PACS export would (read with dcmjs, change a
 * few attributes on the naturalized data set, write Part 10 again). Used to rebuild the field
 * cases of ../shared/bugcases in TypeScript (their make.py scripts do the same with pydicom).
 */
dcmjs.log.setLevel("silent");
const { DicomMessage, DicomMetaDictionary, DicomDict } = dcmjs.data;

export type NaturalDataset = Record<string, unknown> & { _vrMap?: Record<string, string> };

export interface NaturalFile {
  meta: Record<string, { vr: string; Value?: unknown[] }>;
  ds: NaturalDataset;
}

export async function readNatural(file: string): Promise<NaturalFile> {
  const bytes = await readFile(file);
  const dicom = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { meta: dicom.meta as NaturalFile["meta"], ds: DicomMetaDictionary.naturalizeDataset(dicom.dict) as NaturalDataset };
}

/** Writes the data set with the file's meta; the meta's SOP Class/Instance follow the data set. */
export async function writeNatural(file: string, { meta, ds }: NaturalFile): Promise<void> {
  meta["00020002"] = { vr: "UI", Value: [ds.SOPClassUID] };
  meta["00020003"] = { vr: "UI", Value: [ds.SOPInstanceUID] };
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  await writeFile(file, Buffer.from(dict.write()));
}

/** Reads, edits in place, writes back (to `out`, or the same file). */
export async function editDicom(file: string, edit: (ds: NaturalDataset) => void, out = file): Promise<void> {
  const natural = await readNatural(file);
  edit(natural.ds);
  await writeNatural(out, natural);
}

/** The pixel bytes of a naturalized data set (dcmjs keeps them as a list of ArrayBuffers). */
export function pixelBytes(ds: NaturalDataset): Buffer {
  const value = ds.PixelData as ArrayBuffer[];
  return Buffer.concat(value.map((b) => Buffer.from(b)));
}
