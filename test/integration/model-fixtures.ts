import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A "retrained" copy of a committed model folder with new ONNX bytes and the given version: the
 * ONNX protobuf gets a `doc_string` (ModelProto field 6) appended — valid protobuf (the last value
 * of a field wins), the same graph, a different sha256 — and the manifest its new sha256, size
 * and version. Stands in for a training run where the test is about the registry, not the weights.
 */
export async function retaggedModel(source: string, target: string, version: string, note = `retagged ${version}`): Promise<{ dir: string; sha256: string }> {
  const manifest = JSON.parse(await readFile(path.join(source, "manifest.json"), "utf8")) as Record<string, unknown>;
  const onnx = await readFile(path.join(source, String(manifest.file)));
  const text = Buffer.from(note, "utf8");
  const bytes = Buffer.concat([onnx, Buffer.from([(6 << 3) | 2]), varint(text.length), text]);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await mkdir(target, { recursive: true });
  await writeFile(path.join(target, String(manifest.file)), bytes);
  await writeFile(path.join(target, "manifest.json"), JSON.stringify({ ...manifest, version, sha256, bytes: bytes.length }, null, 2));
  await copyFile(path.join(source, "MODEL_CARD.md"), path.join(target, "MODEL_CARD.md")).catch(() => undefined);
  return { dir: target, sha256 };
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}
