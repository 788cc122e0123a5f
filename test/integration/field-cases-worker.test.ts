import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { modelDir } from "../../lib/inference/models";
import { releaseModelSessions } from "../../lib/inference/session";
import { enqueuePipeline } from "../../lib/jobs/enqueue-pipeline";
import { processNextPipelineJob } from "../../lib/jobs/pipeline-worker";
import { getBoss, stopBoss } from "../../lib/jobs/queue";
import { pipelineAnalyzer } from "../../lib/jobs/run-pipeline-job";
import { writeStudy } from "../../lib/phantom/write-study";
import type { TPhantomTruth } from "../../lib/phantom/truth";
import { loadPipelineModels } from "../../lib/pipeline/pipeline-models";
import { importFiles } from "../../lib/studies/import-files";
import { editDicom } from "../unit/analysis/edit-dicom";
import { resetDatabase } from "./helpers";

// Issue 13 through the import and the worker: one odd image must not spoil its series in the
// stored study either (a LOCALIZER stored first in the sagittal T2; an axial image without position).
const modelsPresent = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));

describe("[FIELD] odd images in an imported study", () => {
  let tmp: string;
  let truth: TPhantomTruth;
  let studyId: string;
  let victim: TPhantomTruth["slices"][number];
  let sagittalFiles = 0;

  beforeAll(async () => {
    await resetDatabase();
    await getBoss();
    tmp = await mkdtemp(path.join(os.tmpdir(), "discern-field-"));
    const written = await writeStudy(tmp, { seed: 12, variant: "standard" });
    truth = written.study.truth;
    sagittalFiles = written.study.files.filter((f) => f.path.startsWith("s01-sagittal-t2/")).length;
    const sagittalFirst = path.join(written.dir, "s01-sagittal-t2", "001.dcm");
    await editDicom(sagittalFirst, (ds) => {
      ds.SOPInstanceUID = "2.25.1002";
      ds.InstanceNumber = 0;
      ds.ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"];
      ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1];
    }, path.join(written.dir, "s01-sagittal-t2", "000-localizer.dcm"));
    victim = truth.slices.find((s) => !s.atDisc)!;
    await editDicom(path.join(written.dir, victim.file), (ds) => {
      delete ds.ImagePositionPatient;
      delete ds.ImageOrientationPatient;
    });
    await importFiles({ paths: [written.dir], source: "test" });
    studyId = (await db().study.findUniqueOrThrow({ where: { studyInstanceUid: truth.studyInstanceUid } })).id;
  }, 120_000);

  afterAll(async () => {
    await stopBoss();
    await releaseModelSessions();
    await rm(tmp, { recursive: true, force: true });
    await db().$disconnect();
  });

  it("imports every image, and the sagittal series row is described by a sagittal image, not the localizer", async () => {
    const series = await db().series.findUniqueOrThrow({ where: { seriesInstanceUid: truth.sagittal.seriesInstanceUid }, include: { _count: { select: { instances: true } } } });
    expect(series.plane).toBe("SAGITTAL");
    expect(series._count.instances).toBe(sagittalFiles + 1);
    expect(await db().instance.count({ where: { sopInstanceUid: { in: ["2.25.1002", victim.sopInstanceUid] } } })).toBe(2);
  });

  it.skipIf(!modelsPresent)("the worker's run uses the rest of each series: vertebrae on the true mid-sagittal image, every other axial slice levelled", async () => {
    await enqueuePipeline(studyId);
    const outcome = await processNextPipelineJob(pipelineAnalyzer(() => loadPipelineModels({ device: "cpu" })));
    expect(outcome?.status).toBe("DONE");
    const annotations = await db().annotation.findMany({ where: { studyId }, include: { head: true } });
    const vertebrae = annotations.filter((a) => a.kind === "VERTEBRA_BOX");
    expect(vertebrae.length).toBeGreaterThanOrEqual(4);
    for (const v of vertebrae) expect((v.head!.data as { sopInstanceUid: string }).sopInstanceUid).toBe(truth.sagittal.midSopInstanceUid);
    const levelled = new Set(annotations.filter((a) => a.kind === "SLICE_LEVEL").map((a) => a.key));
    expect(levelled.has(victim.sopInstanceUid)).toBe(false);
    expect(levelled.has("2.25.1002")).toBe(false);
    for (const s of truth.slices.filter((s) => s.sopInstanceUid !== victim.sopInstanceUid)) expect(levelled.has(s.sopInstanceUid), s.file).toBe(true);
  }, 120_000);
});
