import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../lib/cli/commands/import";
import type { CliIO } from "../../lib/cli/types";
import { db } from "../../lib/db/client";
import type { ImportSummary } from "../../lib/studies/import-types";
import { resetDatabase } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/dicom");

function capture(): CliIO & { out: string; err: string; progressText: string } {
  const io = { out: "", err: "", progressText: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), progress: (t: string) => void (io.progressText += t) };
  return io;
}

describe("[IMPORT] discern import", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("--json prints one discern.import/v1 document, progress on stderr, exit 0 with bad files", async () => {
    const io = capture();
    const code = await run(["--json", path.join(FIXTURES, "fodicom/GH1339.dcm"), path.join(FIXTURES, "generated/notes.txt")], io);
    expect(code).toBe(0);
    const summary = JSON.parse(io.out) as ImportSummary;
    expect(summary.schema).toBe("discern.import/v1");
    expect(summary.counts).toEqual({ files: 2, imported: 1, alreadyImported: 0, skipped: 1 });
    expect(summary.studies).toHaveLength(1);
    expect(io.progressText).toMatch(/import: 2\/2 files/);
  });

  it("exits 1 when no file could be imported, 2 without paths", async () => {
    const io = capture();
    expect(await run([path.join(FIXTURES, "generated/notes.txt")], io)).toBe(1);
    expect(io.err).toMatch(/none of the 1 file\(s\) could be imported/);
    await expect(run([], capture())).rejects.toMatchObject({ code: "BAD_USAGE" });
  });

  it("exits 1 with one sentence when the database is unreachable", () => {
    const result = spawnSync(path.join(ROOT, "bin/discern"), ["import", path.join(FIXTURES, "fodicom/GH1339.dcm")], {
      env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("discern import: The database at 127.0.0.1:1/nowhere is unreachable; start PostgreSQL or set DATABASE_URL.");
  });
});
