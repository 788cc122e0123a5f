import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ZAnalysis } from "@/lib/analysis/schema";
import { ZPhantomTruth } from "@/lib/phantom";

const run = promisify(execFile);
const bin = path.resolve(__dirname, "../../../bin/discern");
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("discern phantom → discern analyze --vertebrae (end to end, real files)", () => {
  it("assigns every at-disc slice of generated studies its true level and ignores the decoys", { timeout: 120_000 }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "discern-phantom-"));
    dirs.push(out);
    const generated = await run(bin, ["phantom", "--out", out, "--seed", "11", "--count", "1", "--variant", "decoys"]);
    expect(generated.stderr).toMatch(/\[1\/1\] .*phantom-11: \d+ images/);
    for (const seed of [11]) {
      const study = path.join(out, `phantom-${seed}`);
      const truth = ZPhantomTruth.parse(JSON.parse(await readFile(path.join(study, "truth.json"), "utf8")));
      const vertebraeFile = path.join(out, `vertebrae-${seed}.json`);
      await writeFile(vertebraeFile, JSON.stringify(truth.vertebrae.map((v) => ({ label: v.label, sopInstanceUid: truth.sagittal.midSopInstanceUid, box: v.box }))));
      await writeFile(path.join(study, "notes.txt"), "not DICOM");
      const { stdout } = await run(bin, ["analyze", study, "--json", "--vertebrae", vertebraeFile]);
      const analysis = ZAnalysis.parse(JSON.parse(stdout));
      expect(analysis.studyInstanceUid).toBe(truth.studyInstanceUid);
      expect(analysis.series.sagittal).toBe(truth.sagittal.seriesInstanceUid);
      expect(analysis.series.ignored.map((s) => s.seriesInstanceUid).sort()).toEqual(truth.decoys.map((d) => d.seriesInstanceUid).sort());
      expect(analysis.skippedFiles.map((f) => f.path).sort()).toEqual(["notes.txt", "truth.json"]);
      const bySop = new Map(analysis.slices.map((s) => [s.sopInstanceUid, s]));
      const atDisc = truth.slices.filter((s) => s.atDisc);
      expect(atDisc.length).toBeGreaterThan(4);
      for (const slice of atDisc) expect(bySop.get(slice.sopInstanceUid)?.level).toBe(slice.level);
      for (const v of analysis.vertebrae) {
        const t = truth.vertebrae.find((x) => x.label === v.label)!;
        // The box centre lies on the mid-sagittal plane, within a few mm of the body's true centre.
        expect(Math.hypot(...v.centerPatient.map((c, k) => c - t.centerPatient[k]!))).toBeLessThan(4);
      }
    }
  });

  it("exits 1 with one sentence when analyze cannot run, and 2 on bad usage", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "discern-analyze-"));
    dirs.push(out);
    const failed = await run(bin, ["analyze", out, "--json"]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    // Without models (until the pipeline's are installed) the run fails with one sentence.
    expect(failed?.stderr).toMatch(/^discern analyze: [^\n]+\.\n$/);
    const usage = await run(bin, ["phantom", "--out", out]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(usage?.code).toBe(2);
    const variant = await run(bin, ["phantom", "--out", out, "--seed", "1", "--variant", "nope"]).then(() => null, (e: { code: number }) => e);
    expect(variant?.code).toBe(2);
  });
});
