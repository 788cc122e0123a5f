import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { InspectRecord } from "@/lib/dicom/inspect-file";
import { FIXTURES } from "./fixtures";

const ROOT = path.resolve(__dirname, "../../..");
const KEYS = ["path", "ok", "error", "sopInstanceUid", "transferSyntaxUid", "rows", "columns", "frames", "samplesPerPixel", "pixelHash"];

function discern(...args: string[]) {
  return spawnSync(path.join(ROOT, "bin/discern"), args, { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
}

function countFiles(dir: string): number {
  return readdirSync(dir).reduce((n, name) => {
    const full = path.join(dir, name);
    return n + (statSync(full).isDirectory() ? countFiles(full) : 1);
  }, 0);
}

describe("discern inspect (child process)", () => {
  const run = discern("inspect", "test/fixtures/dicom", "--json");
  const records = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as InspectRecord);
  const byName = new Map(records.map((r) => [path.basename(r.path), r]));

  it("exits 0 and prints one JSON object per file, every file reported", () => {
    expect(run.status).toBe(0);
    expect(records).toHaveLength(countFiles(FIXTURES));
    for (const record of records) expect(Object.keys(record)).toEqual(KEYS);
  });

  it("reports lossless twins with one pixelHash and the real lumbar slice as readable", () => {
    const mr = ["MR_small.dcm", "MR_small_implicit.dcm", "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "script-tag.dcm"];
    const hashes = new Set(mr.map((name) => byName.get(name)?.pixelHash));
    expect(hashes.size).toBe(1);
    expect([...hashes][0]).toMatch(/^[0-9a-f]{64}$/);
    expect(byName.get("GH1339.dcm")).toMatchObject({ ok: true, rows: 320, columns: 320, frames: 1, samplesPerPixel: 1 });
  });

  it("reports bad files as ok: false with a sentence, and keeps going", () => {
    for (const name of ["deep-nesting.dcm", "huge-claim.dcm", "notes.txt", "empty.dcm", "MR_truncated.dcm", "test-SR.dcm"]) {
      const record = byName.get(name);
      expect(record, name).toMatchObject({ ok: false, pixelHash: null });
      expect(record!.error).toMatch(/^[A-Z].*\.$/);
    }
    expect(records.filter((r) => r.ok).length).toBeGreaterThan(30);
  });

  it("prints a readable table without --json, and exits 2 on bad usage", () => {
    const table = discern("inspect", "test/fixtures/dicom/generated");
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/STATUS/);
    expect(table.stdout).toMatch(/9 file\(s\): 2 readable image\(s\), 7 not\./);
    expect(discern("inspect").status).toBe(2);
    expect(discern("inspect", "--bogus", "x").status).toBe(2);
  });
});
