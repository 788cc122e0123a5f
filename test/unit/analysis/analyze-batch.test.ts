import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZAnalysis } from "@/lib/analysis/schema";
import { writeStudy } from "@/lib/phantom/write-study";

// `discern analyze <dir>` on a folder holding several studies (issue 13, Deliver 5), with the
// committed models, through the real command line.
const ROOT = path.resolve(__dirname, "../../..");
function discern(...args: string[]) {
  return spawnSync(path.join(ROOT, "bin/discern"), args, { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
}

describe("discern analyze on a folder of several studies", () => {
  let root: string;
  const uids: string[] = [];
  let broken = "";
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "discern-batch-"));
    for (const seed of [51, 52]) uids.push((await writeStudy(path.join(root, "all"), { seed, variant: "standard" })).study.truth.studyInstanceUid);
    // A third study with only its axial series: analysing it must fail, naming it and why.
    const third = await writeStudy(path.join(root, "tmp"), { seed: 53, variant: "standard" });
    broken = third.study.truth.studyInstanceUid;
    await mkdir(path.join(root, "all", "third"), { recursive: true });
    for (const f of third.study.files.filter((f) => !f.path.startsWith("s01-sagittal"))) {
      await writeFile(path.join(root, "all", "third", f.path.replace(/\//g, "_")), f.bytes!);
    }
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("prints one document per study per line, progress on stderr, and exits 1 naming the study that failed", () => {
    const run = discern("analyze", path.join(root, "all"), "--json");
    expect(run.status).toBe(1);
    const docs = run.stdout.trim().split("\n").map((line) => ZAnalysis.parse(JSON.parse(line)));
    expect(docs.map((d) => d.studyInstanceUid).sort()).toEqual([...uids].sort());
    expect(docs.every((d) => d.levels.length === 5)).toBe(true);
    expect(run.stderr).toMatch(/\[1\/3\] study /);
    expect(run.stderr).toContain(`1 of 3 studies failed:\n  ${broken}: The study has no sagittal T2 series`);
  }, 120_000);

  it("keeps a single study's output as before: one pretty-printed document, exit 0", () => {
    const run = discern("analyze", path.join(root, "all", `phantom-${51}`), "--json");
    expect(run.status).toBe(0);
    const doc = ZAnalysis.parse(JSON.parse(run.stdout));
    expect(doc.studyInstanceUid).toBe(uids[0]);
    expect(run.stdout.split("\n").length).toBeGreaterThan(10);
  }, 120_000);
});
