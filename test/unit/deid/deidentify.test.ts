import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dcmjs from "dcmjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASIC_PROFILE, deidentifyFile, deidentifyPaths, profileEntryFor, UidMap, verifyDeidentified } from "@/lib/deid";
import { pixelHash, readInstance, readInstanceMeta } from "@/lib/dicom";
import { assignLevel, planeNormal } from "@/lib/geometry";
import { writeStudy } from "@/lib/phantom/write-study";
import type { TPhantomTruth } from "@/lib/phantom/truth";

const ROOT = path.resolve(__dirname, "../../..");
const FIXTURES = path.join(ROOT, "test/fixtures/dicom");
const SECRET = "unit-test-secret-0123456789abcdef";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function dict(bytes: Uint8Array) {
  return dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

describe("Basic Profile table", () => {
  it("covers the standard's list (hundreds of attributes) with the key actions of Table E.1-1", () => {
    expect(BASIC_PROFILE.length).toBeGreaterThan(450);
    expect(new Set(BASIC_PROFILE.map((e) => e.tag)).size).toBe(BASIC_PROFILE.length);
    expect(profileEntryFor("00100010")?.action).toBe("Z"); // Patient's Name
    expect(profileEntryFor("00100020")?.action).toBe("Z/D"); // Patient ID
    expect(profileEntryFor("00080080")?.action).toBe("X/Z/D"); // Institution Name
    expect(profileEntryFor("0020000D")?.action).toBe("U"); // Study Instance UID
    expect(profileEntryFor("00200052")?.action).toBe("U"); // Frame of Reference UID
    expect(profileEntryFor("00101010")?.action).toBe("X"); // Patient's Age
    expect(profileEntryFor("60023000")?.action).toBe("X"); // Overlay Data, repeating group
    expect(profileEntryFor("00200032")).toBeUndefined(); // Image Position (Patient): kept
  });
});

describe("UidMap", () => {
  it("is deterministic per secret, different across secrets, and keeps DICOM-root UIDs", () => {
    const a = new UidMap(SECRET);
    const b = new UidMap(SECRET);
    const c = new UidMap(`${SECRET}-other`);
    const uid = "1.3.12.2.1107.5.2.47.182190.30000023110107504415800000401";
    expect(a.map(uid)).toBe(b.map(uid));
    expect(a.map(uid)).not.toBe(c.map(uid));
    expect(a.map(uid)).toMatch(/^2\.25\.\d{1,39}$/);
    expect(a.map(uid).length).toBeLessThanOrEqual(64);
    expect(a.map("1.2.840.10008.5.1.4.1.1.4")).toBe("1.2.840.10008.5.1.4.1.1.4");
  });
});

describe("deidentifyFile on the real lumbar slice (GH1339) and MR_small", () => {
  const original = readFileSync(path.join(FIXTURES, "fodicom/GH1339.dcm"));
  const uids = new UidMap(SECRET);
  const result = deidentifyFile(original, { uids });
  const before = dict(original).dict;
  const after = dict(result.bytes).dict;

  it("empties, removes and replaces per the profile, removes private tags, marks the file", () => {
    expect(after["00100010"]?.Value).toEqual([{ Alphabetic: result.pseudonym }]);
    expect(after["00100020"]?.Value).toEqual([result.pseudonym]);
    expect((after["00100030"]?.Value ?? []).filter(Boolean)).toEqual([]); // birth date Z
    expect(after["00080081"]).toBeUndefined(); // institution address X
    expect(after["00101010"]).toBeUndefined(); // age X
    expect(Object.keys(after).some((tag) => Number.parseInt(tag.slice(0, 4), 16) % 2 === 1)).toBe(false);
    expect(Object.keys(before).some((tag) => Number.parseInt(tag.slice(0, 4), 16) % 2 === 1)).toBe(true);
    expect(after["00120062"]?.Value).toEqual(["YES"]);
    expect(after["00120063"]?.Value?.[0]).toMatch(/PS3\.15/);
    const code = after["00120064"]?.Value?.[0] as Record<string, { Value: unknown[] }>;
    expect(code["00080100"]?.Value).toEqual(["113100"]);
    expect(result.counts.private).toBeGreaterThan(10);
  });

  it("remaps UIDs but keeps geometry and pixels exactly", async () => {
    expect(after["0020000D"]?.Value?.[0]).toBe(uids.map(String(before["0020000D"]?.Value?.[0])));
    expect(after["00200052"]?.Value?.[0]).toBe(uids.map(String(before["00200052"]?.Value?.[0])));
    expect(after["00080018"]?.Value?.[0]).not.toBe(before["00080018"]?.Value?.[0]);
    const m0 = readInstanceMeta(original);
    const m1 = readInstanceMeta(Buffer.from(result.bytes));
    expect(m1.geometry).toEqual({ ...m0.geometry, frameOfReferenceUid: uids.map(m0.geometry!.frameOfReferenceUid!) });
    expect(await pixelHash(readInstance(Buffer.from(result.bytes)))).toBe(await pixelHash(readInstance(original)));
  });

  it("the verification scan fails a file that still carries an identifier, a UID or a private tag", () => {
    expect(verifyDeidentified(result.bytes, result.identifiers)).toEqual([]);
    // MR_small's patient is "CompressedSamples^MR1"; GH1339's name is masked with x's already.
    const small = readFileSync(path.join(FIXTURES, "pydicom/MR_small.dcm"));
    const smallResult = deidentifyFile(small, { uids });
    const leaky = dict(smallResult.bytes);
    leaky.dict["00204000"] = { vr: "LT", Value: ["seen by compressedsamples today"] };
    leaky.dict["00081250"] = { vr: "SQ", Value: [{ "0020000E": { vr: "UI", Value: [String(dict(small).dict["0020000E"]?.Value?.[0])] } }] };
    leaky.dict["00291010"] = { vr: "LO", Value: ["x"] };
    const findings = verifyDeidentified(new Uint8Array(leaky.write()), smallResult.identifiers);
    expect(findings.map((f) => f.kind).sort()).toEqual(["identifier", "private", "uid"]);
    expect(findings.find((f) => f.kind === "uid")?.where).toBe("(0008,1250)[0](0020,000E)");
  });

  it("refuses Burned In Annotation = YES, or flags it when asked", () => {
    const marked = dict(original);
    marked.dict["00280301"] = { vr: "CS", Value: ["YES"] };
    const bytes = new Uint8Array(marked.write());
    expect(() => deidentifyFile(bytes, { uids })).toThrow(/Burned In Annotation/);
    expect(deidentifyFile(bytes, { uids, burnedIn: "flag" }).warnings[0]).toMatch(/Burned In Annotation/);
  });
});

describe("a phantom study: relations and level assignment survive de-identification", () => {
  let tmp = "";
  let truth: TPhantomTruth;
  let studyDir = "";
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "deid-phantom-"));
    const { dir, study } = await writeStudy(tmp, { seed: 4242 });
    studyDir = dir;
    truth = study.truth;
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("names output paths by pseudonyms only, keeps one study, series and frame-of-reference bijections, and every slice's level", async () => {
    const uids = new UidMap(SECRET);
    const out = path.join(tmp, "out");
    const summary = await deidentifyPaths({ inputs: [studyDir], outDir: out, uids });
    const dicomFiles = filesUnder(studyDir).filter((f) => f.endsWith(".dcm"));
    expect(summary.written).toBe(dicomFiles.length);
    expect(summary.problems.map((p) => p.path)).toEqual([path.join(path.basename(studyDir), "truth.json")]);

    // Output paths: <patient pseudonym>/<study UID>/<series UID>/<SOP UID>.dcm, all de-identified.
    const outputOf = new Map(filesUnder(out).map((f) => [path.basename(f, ".dcm"), f]));
    const written = (file: string) => outputOf.get(uids.map(readInstanceMeta(readFileSync(file)).sopInstanceUid))!;
    for (const f of filesUnder(out)) {
      const parts = path.relative(out, f).split(path.sep);
      const m = readInstanceMeta(readFileSync(f));
      expect(parts.slice(1)).toEqual([m.studyInstanceUid, m.seriesInstanceUid, `${m.sopInstanceUid}.dcm`]);
      expect(parts[0]).toBe(m.patientId);
      expect(path.relative(out, f)).not.toContain(path.basename(studyDir));
    }
    const seriesPairs = new Map<string, string>();
    const forPairs = new Map<string, string>();
    const studies = new Set<string>();
    for (const file of dicomFiles) {
      const m0 = readInstanceMeta(readFileSync(file));
      const m1 = readInstanceMeta(readFileSync(written(file)));
      studies.add(m1.studyInstanceUid);
      expect(m1.patientName).not.toBe(m0.patientName);
      expect(m1.patientBirthDate ?? "").toBe("");
      seriesPairs.set(m0.seriesInstanceUid, m1.seriesInstanceUid);
      forPairs.set(m0.geometry?.frameOfReferenceUid ?? "", m1.geometry?.frameOfReferenceUid ?? "");
      expect(m1.geometry?.imagePositionPatient).toEqual(m0.geometry?.imagePositionPatient);
    }
    expect(studies.size).toBe(1);
    expect(new Set(seriesPairs.values()).size).toBe(seriesPairs.size);
    expect(new Set(forPairs.values()).size).toBe(forPairs.size);

    // Step 2 of the pipeline (lib/geometry assignLevel) from the de-identified headers.
    const vertebrae = truth.vertebrae.map((v) => ({ label: v.label, centerPatient: v.centerPatient }));
    let compared = 0;
    for (const slice of truth.slices) {
      const levelOf = (file: string) => {
        const g = readInstanceMeta(readFileSync(file)).geometry!;
        return assignLevel(g.imagePositionPatient, planeNormal(g), vertebrae).level;
      };
      const before = levelOf(path.join(studyDir, slice.file));
      const after = levelOf(written(path.join(studyDir, slice.file)));
      expect(after).toBe(before);
      if (slice.atDisc) expect(after).toBe(slice.level);
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  }, 120_000);
});

describe("test fixtures (a corpus subset): every readable file de-identifies and passes the scan", () => {
  it("writes and verifies the DICOM images of test/fixtures/dicom, and reports the rest", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "deid-fixtures-"));
    try {
      const summary = await deidentifyPaths({ inputs: [FIXTURES], outDir: tmp, uids: new UidMap(SECRET) });
      // The one fixture made to fail: a patient's Chinese name inside a kept sequence (charset/make.py).
      expect(summary.problems.filter((p) => p.status === "failed-verification").map((p) => p.path)).toEqual(["dicom/charset/gb18030-name-in-sequence.dcm"]);
      expect(summary.written).toBeGreaterThan(20);
      for (const written of filesUnder(tmp)) {
        const d = dict(readFileSync(written)).dict;
        expect(d["00120062"]?.Value).toEqual(["YES"]);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it("discern deidentify: exit 2 on bad usage, 1 when some file was not written, summary printed", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "deid-cli-"));
    try {
      const usage = spawnSync(path.join(ROOT, "bin/discern"), ["deidentify", FIXTURES], { cwd: ROOT, encoding: "utf8" });
      expect(usage.status).toBe(2);
      // A text file beside the DICOM one (the corpus ships a README.txt next to its test files).
      const notDicom = path.join(mkdtempSync(path.join(os.tmpdir(), "deid-cli-in-")), "README.txt");
      writeFileSync(notDicom, "pydicom test files: see the upstream README.\n");
      const run = spawnSync(path.join(ROOT, "bin/discern"), ["deidentify", path.join(FIXTURES, "pydicom/MR_small.dcm"), notDicom, "--out", tmp], { cwd: ROOT, encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/2 file\(s\): 1 de-identified and verified, 1 not written/);
      expect(run.stdout).toMatch(/UNREADABLE\s+README\.txt/);
      expect(filesUnder(tmp)).toHaveLength(1);
      expect(filesUnder(tmp)[0]).not.toContain("MR_small");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
