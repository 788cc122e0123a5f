import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDicom, type DataSet } from "dicom-parser";
import { afterAll, describe, expect, it } from "vitest";
import { deidentifyFile, deidentifyPaths, UidMap, verifyDeidentified } from "@/lib/deid";

// Field case 10 (../shared/bugcases/10-*) and its kind: text in every character set keeps its
// meaning, inside sequences too; identifiers in any script are found; files dcmjs cannot read as
// they are still de-identify. Fixtures: test/fixtures/dicom/charset/make.py (pydicom).
const DIR = path.resolve(__dirname, "../../fixtures/dicom/charset");
const SECRET = "charset-test-secret-0123456789abcdef";
const fixture = (name: string) => readFileSync(path.join(DIR, name));

/** Raw bytes of an element, top level or `[sequence, item 0, tag]`, as dicom-parser finds them. */
function raw(ds: DataSet, ...tags: string[]): Buffer {
  let at: DataSet = ds;
  for (const seq of tags.slice(0, -1)) at = at.elements[seq]!.items![0]!.dataSet!;
  const e = at.elements[tags.at(-1)!]!;
  return Buffer.from(at.byteArray.subarray(e.dataOffset, e.dataOffset + e.length)).subarray(0);
}
const parse = (bytes: Uint8Array): DataSet => parseDicom(bytes);
const text = (b: Buffer) => b.toString("utf8").replace(/[\0 ]+$/, "");

const CASES = {
  "gb18030.dcm": { source: "gb18030", region: "腰椎", proc: "腰椎MR平扫", model: "联影 uMR 780", ids: ["王", "小明", "测试医院", "Xiaoming", "PID-4711-ZZ"] },
  "utf8.dcm": { source: "utf-8", region: "腰椎", proc: "腰椎MR平扫", model: "联影 uMR 780", ids: ["小明", "测试医院", "Xiaoming", "PID-4711-ZZ"] },
  "latin1.dcm": { source: "latin1", region: "Lendenwirbelsäule", proc: "LWS nativ (Übersicht)", model: "Magnetom Äera", ids: ["Müller", "Jürgen", "Klinikum Köln-Süd", "PID-4711-ZZ"] },
} as const;

describe("de-identification keeps the meaning of text in every character set", () => {
  it.each(Object.entries(CASES))("%s: kept text (inside sequences too) is byte for byte its UTF-8 under ISO_IR 192; identifiers are gone", (name, c) => {
    const input = fixture(name);
    const source = parse(input);
    // The fixture holds the text in its own encoding: what it means, decoded by its character set.
    expect(new TextDecoder(c.source).decode(raw(source, "x00081032", "x00080104")).trim()).toBe(c.proc);
    const result = deidentifyFile(input, { uids: new UidMap(SECRET) });
    const out = parse(result.bytes);
    expect(text(raw(out, "x00080005"))).toBe("ISO_IR 192");
    // Byte for byte up to the trailing spaces that pad a value to even length (no meaning, PS3.5 6.2).
    expect(unpadded(raw(out, "x00082218", "x00080104")).equals(Buffer.from(c.region, "utf8"))).toBe(true);
    expect(unpadded(raw(out, "x00081032", "x00080104")).equals(Buffer.from(c.proc, "utf8"))).toBe(true);
    expect(text(raw(out, "x00081090"))).toBe(c.model);
    expect(verifyDeidentified(result.bytes, result.identifiers)).toEqual([]);
    const bytes = Buffer.from(result.bytes);
    for (const id of c.ids) {
      expect(bytes.includes(Buffer.from(id, "utf8")), id).toBe(false);
    }
    // The source-encoded patient name and institution bytes are nowhere in the output either.
    expect(bytes.includes(raw(source, "x00080080").subarray(0, 6))).toBe(false);
  });

  it("the verification decodes by character set and finds a Chinese name left inside a kept sequence", () => {
    const result = deidentifyFile(fixture("gb18030-name-in-sequence.dcm"), { uids: new UidMap(SECRET) });
    expect(verifyDeidentified(result.bytes, result.identifiers)).toContainEqual({ where: "(0008,1032)[0](0008,0104)", kind: "identifier" });
  });

  it.each(["raw-no-meta.dcm", "private-sq-undefined.dcm"])("%s (which dcmjs cannot take as it is) is de-identified, private elements removed", (name) => {
    const result = deidentifyFile(fixture(name), { uids: new UidMap(SECRET) });
    expect(verifyDeidentified(result.bytes, result.identifiers)).toEqual([]);
    const out = parse(result.bytes);
    expect(Object.keys(out.elements).filter((t) => Number.parseInt(t.slice(1, 5), 16) % 2 === 1)).toEqual([]);
    expect(Object.keys(out.elements)).toContain("x7fe00010");
    if (name === "private-sq-undefined.dcm") expect(result.counts.private).toBeGreaterThanOrEqual(2);
    else expect(new TextDecoder("utf-8").decode(raw(out, "x00081032", "x00080104")).trim()).toBe("腰椎MR平扫");
  });
});

describe("output paths come from pseudonyms only", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "deid-paths-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)]));

  it("a folder named after the patient leaves no trace in the output tree; same-UID inputs are both written", async () => {
    const input = path.join(tmp, "WANG_XIAOMING_PID-4711-ZZ", "王小明 lumbar");
    for (const name of Object.keys(CASES)) cpSync(path.join(DIR, name), path.join(input, `${name.replace(".dcm", "")}-王小明.dcm`));
    const out = path.join(tmp, "out");
    const summary = await deidentifyPaths({ inputs: [path.join(tmp, "WANG_XIAOMING_PID-4711-ZZ")], outDir: out, uids: new UidMap(SECRET) });
    expect(summary.written).toBe(3);
    const written = files(out).map((f) => path.relative(out, f));
    expect(written).toHaveLength(3); // the three share one SOP Instance UID: suffixed, never overwritten
    for (const rel of written) {
      expect(rel).toMatch(/^ANON-[0-9A-F]+\/2\.25\.\d+\/2\.25\.\d+\/2\.25\.\d+(-\d)?\.dcm$/);
      for (const leak of ["WANG", "XIAOMING", "4711", "王", "小明", "lumbar", "gb18030", "utf8"]) expect(rel).not.toContain(leak);
    }
  });
});

/** A text value without the trailing spaces that pad it to even length. */
function unpadded(value: Buffer): Buffer {
  let end = value.length;
  while (end > 0 && value[end - 1] === 0x20) end--;
  return value.subarray(0, end);
}

describe("a character set that cannot be transcoded with certainty", () => {
  it("several Specific Character Set values (ISO 2022 code extensions) are refused with a reason, not guessed", () => {
    const bytes = Buffer.from(fixture("latin1.dcm"));
    const at = bytes.indexOf(Buffer.from("ISO_IR 100", "latin1"));
    expect(at).toBeGreaterThan(0);
    bytes.write("\\ISO_IR 13", at, "latin1"); // same length: first value empty, then JIS X 0201
    expect(() => deidentifyFile(bytes, { uids: new UidMap(SECRET) })).toThrow(/Specific Character Set \(\\ISO_IR 13\) cannot be transcoded with certainty/);
  });
});

describe("Specific Character Set spellings", () => {
  it("reads the defined terms as exports spell them", async () => {
    const { encodingOf } = await import("@/lib/deid/charset-text");
    expect(["ISO_IR 100", "ISO-IR 100", "iso_ir100", " ISO_IR 100 "].map(encodingOf)).toEqual(["latin1", "latin1", "latin1", "latin1"]);
    expect(["ISO_IR 192", "GB18030", "ISO_IR 144", ""].map(encodingOf)).toEqual(["utf-8", "gb18030", "iso-8859-5", "latin1"]);
    expect(encodingOf("ISO 2022 IR 87")).toBeUndefined();
  });
});
