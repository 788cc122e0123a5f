import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { readInstanceMeta } from "../../lib/dicom/read-instance";
import type { InstanceMeta } from "../../lib/dicom/types";
import { modelDir } from "../../lib/inference/models";
import { releaseModelSessions } from "../../lib/inference/session";
import { storedStudySources } from "../../lib/jobs/stored-study-sources";
import { writeStudy } from "../../lib/phantom/write-study";
import { analyzeStudy } from "../../lib/pipeline/analyze-study";
import { loadPipelineModels } from "../../lib/pipeline/pipeline-models";
import { buildRealStudy } from "../../lib/realdata/build-real-study";
import { loadRealExam, readRealdataIndex } from "../../lib/realdata/exam";
import { importFiles } from "../../lib/studies/import-files";
import { resetDatabase } from "./helpers";

const modelsPresent = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));

/** Header fields the rows do not stand for (patient and study identity; the pipeline does not read them). */
const NOT_FROM_ROWS = ["studyDescription", "studyDate", "studyTime", "accessionNumber", "patientId", "patientName", "patientBirthDate", "patientSex"] as const;
const withoutIdentity = (meta: InstanceMeta) => {
  const copy: Record<string, unknown> = { ...meta };
  for (const key of NOT_FROM_ROWS) delete copy[key];
  return copy;
};

describe("[PIPELINE] the worker's sources: header facts from the rows import wrote", () => {
  let tmp: string;
  const studies: { name: string; studyId: string }[] = [];

  beforeAll(async () => {
    await resetDatabase();
    tmp = await mkdtemp(path.join(os.tmpdir(), "discern-stored-sources-"));
    const phantom = await writeStudy(tmp, { seed: 3, variant: "mixed" });
    // The real exam of test/fixtures/realdata, built into DICOM files.
    const fixture = path.resolve(__dirname, "../fixtures/realdata");
    const [entry] = await readRealdataIndex(fixture);
    const real = buildRealStudy(await loadRealExam(fixture, entry!));
    const realDir = path.join(tmp, "real");
    await import("node:fs/promises").then((fs) => fs.mkdir(realDir));
    await Promise.all(real.sources.map((s, k) => writeFile(path.join(realDir, `${k}.dcm`), s.bytes!)));
    await importFiles({ paths: [phantom.dir, realDir], source: "test" });
    for (const [name, uid] of [
      ["phantom seed 3 (mixed)", phantom.study.truth.studyInstanceUid],
      ["real exam VB3-16", real.truth.studyInstanceUid],
    ] as const) {
      studies.push({ name, studyId: (await db().study.findUniqueOrThrow({ where: { studyInstanceUid: uid } })).id });
    }
  });

  afterAll(async () => {
    await releaseModelSessions();
    await rm(tmp, { recursive: true, force: true });
    await db().$disconnect();
  });

  it("gives every single-frame native image the meta its header parse gives (patient/study identity aside)", async () => {
    for (const { name, studyId } of studies) {
      const sources = await storedStudySources(studyId);
      expect(sources.length, name).toBe(await db().instance.count({ where: { series: { studyId } } }));
      let fromRows = 0;
      for (const s of sources) {
        const parsed = readInstanceMeta(Buffer.from(s.bytes!));
        if (!s.meta) {
          // Only what the rows cannot stand for is parsed again.
          expect(parsed.frames > 1 || !["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"].includes(parsed.transferSyntaxUid), `${name} ${s.path}`).toBe(true);
          continue;
        }
        fromRows++;
        expect(s.meta, `${name} ${s.path}`).toEqual(withoutIdentity(parsed));
      }
      expect(fromRows, name).toBeGreaterThan(0);
    }
  });

  it.skipIf(!modelsPresent)("analyses the stored study exactly as the header-parsing path does", async () => {
    const models = await loadPipelineModels();
    for (const { name, studyId } of studies) {
      const sources = await storedStudySources(studyId);
      expect(sources.some((s) => s.meta), name).toBe(true);
      const fromRows = await analyzeStudy({ input: sources, models });
      const parsed = await analyzeStudy({ input: sources.map(({ path: p, bytes }) => ({ path: p, bytes })), models });
      const { timingsMs: _a, ...a } = fromRows.analysis;
      const { timingsMs: _b, ...b } = parsed.analysis;
      expect(a, name).toEqual(b);
      expect(fromRows.warnings, name).toEqual(parsed.warnings);
    }
  });
});
