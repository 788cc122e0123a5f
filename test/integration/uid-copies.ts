import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseDicom } from "dicom-parser";

const UID_TAGS = ["x00020003", "x00080018", "x0020000d", "x0020000e"];

/**
 * Writes `copies` copies of the DICOM files under `source` into `out/copy-<n>/`, each copy with
 * fresh Study, Series and SOP Instance UIDs (rewritten in place at equal length, one new UID per
 * original UID per copy), so that one generated study becomes several distinct studies quickly.
 * Returns the paths written.
 */
export async function writeUidCopies(source: string, out: string, copies: number): Promise<string[]> {
  const entries = await readdir(source, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".dcm")).map((e) => path.join(e.parentPath, e.name)).sort();
  const originals = await Promise.all(files.map((f) => readFile(f)));
  const written: string[] = [];
  let counter = 1_000_000;
  for (let copy = 0; copy < copies; copy++) {
    const map = new Map<string, string>();
    const folder = path.join(out, `copy-${copy}`);
    await mkdir(folder, { recursive: true });
    for (const [i, bytes] of originals.entries()) {
      const target = path.join(folder, `${String(i).padStart(4, "0")}.dcm`);
      await writeFile(target, rewriteUids(bytes, map, () => counter++));
      written.push(target);
    }
  }
  return written;
}

/** Rewrites the Study, Series and SOP Instance UIDs of one file in place, equal length, mapping each original UID once per `map` (also used by bench/import.ts). */
export function rewriteUids(bytes: Buffer, map: Map<string, string>, next: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const dataSet = parseDicom(copy, { untilTag: "x7fe00010" });
  for (const tag of UID_TAGS) {
    const element = dataSet.elements[tag];
    if (!element || element.length < 12) continue;
    const original = copy.toString("latin1", element.dataOffset, element.dataOffset + element.length).replace(/\0+$/, "");
    let uid = map.get(original);
    if (!uid) {
      const digits = String(next());
      uid = `${original.slice(0, original.length - digits.length - 1)}.${digits}`.replace(/\.\./g, ".9");
      map.set(original, uid);
    }
    copy.write(uid.padEnd(element.length, "\0"), element.dataOffset, "latin1");
  }
  return copy;
}
