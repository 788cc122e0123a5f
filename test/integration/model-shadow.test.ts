import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { modelDir } from "../../lib/inference/models";
import { releaseModelSessions } from "../../lib/inference/session";
import { processNextPipelineJob } from "../../lib/jobs/pipeline-worker";
import { getBoss, stopBoss } from "../../lib/jobs/queue";
import { activeModels, ensureActiveModels, promoteModel, registerModel, registryAnalyzer, setShadow, shadowAgreement } from "../../lib/models";
import { writeStudy } from "../../lib/phantom/write-study";
import { signReading, startStudyReading } from "../../lib/review";
import { afterStudyImported } from "../../lib/studies/after-study-imported";
import { importFiles } from "../../lib/studies/import-files";
import { retaggedModel } from "./model-fixtures";
import { makeUser, resetDatabase } from "./helpers";

const modelsPresent = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));
if (!modelsPresent) console.warn("skipping the shadow-mode test: models/<id>/model.onnx are not there");

const work = mkdtempSync(path.join(os.tmpdir(), "model-shadow-"));
process.env.DISCERN_MODEL_CACHE = path.join(work, "cache");

describe.skipIf(!modelsPresent)("[MODELS] shadow mode", () => {
  beforeAll(async () => {
    await resetDatabase();
    await getBoss();
  });
  afterAll(async () => {
    await stopBoss();
    await releaseModelSessions();
    rmSync(work, { recursive: true, force: true });
  });

  it("runs a shadow version on new studies without any reader seeing it, and scores it once the study is signed", async () => {
    const admin = await makeUser("ADMIN");
    const reader = await makeUser("RADIOLOGIST");
    await ensureActiveModels();
    const live = await activeModels();
    // Same weights, new bytes and version: the shadow must agree exactly with the live classifier.
    const copy = await retaggedModel(modelDir("classifier"), path.join(work, "candidate"), "0.5.0");
    const { modelVersion: candidate } = await registerModel({ dir: copy.dir, actorId: admin.id, via: "cli" });
    await expect(setShadow({ task: "classifier", version: live.versions.classifier.id, actorId: admin.id, via: "web" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setShadow({ task: "classifier", version: null, actorId: admin.id, via: "web" })).rejects.toMatchObject({ code: "CONFLICT" });
    await setShadow({ task: "classifier", version: "0.5.0", actorId: admin.id, via: "web" });
    // The database refuses a version that is both active and shadow, and a second shadow of a task.
    await expect(db().modelVersion.update({ where: { id: live.versions.classifier.id }, data: { shadow: true } })).rejects.toThrow();

    const analyzer = registryAnalyzer({ device: "cpu" });
    const written = await writeStudy(path.join(work, "study"), { seed: 61, variant: "standard" });
    await importFiles({ paths: [written.dir], source: "test", afterStudyImported });
    const study = await db().study.findUniqueOrThrow({ where: { studyInstanceUid: written.study.truth.studyInstanceUid } });
    expect((await processNextPipelineJob(analyzer, "shadow-worker"))?.status).toBe("DONE");

    const shadowRun = await db().shadowRun.findUniqueOrThrow({ where: { modelVersionId_studyId: { modelVersionId: candidate.id, studyId: study.id } } });
    expect((shadowRun.analysis as { levels: unknown[] }).levels.length).toBeGreaterThan(0);
    // Nothing of the shadow version reaches a reading: one AI reading, every revision by the live versions.
    expect(await db().reading.count({ where: { studyId: study.id } })).toBe(1);
    expect(await db().annotationRevision.count({ where: { modelVersionId: candidate.id } })).toBe(0);
    const run = await db().pipelineRun.findFirstOrThrow({ where: { studyId: study.id }, include: { modelVersions: true } });
    expect(run.modelVersions.map((m) => m.id)).not.toContain(candidate.id);

    expect((await shadowAgreement(candidate.id)).signedStudies).toBe(0); // unsigned studies are not scored
    const { reading } = await startStudyReading({ studyId: study.id, userId: reader.id });
    await signReading({ readingId: reading.id, userId: reader.id });
    const agreement = await shadowAgreement(candidate.id);
    expect(agreement).toMatchObject({ runs: 1, signedStudies: 1 });
    const shadowLevels = agreement.shadow.summary.classification;
    expect(shadowLevels.n).toBeGreaterThan(0);
    // Identical weights: the shadow's level accuracy against the signed reading equals the live AI's.
    expect(shadowLevels.n).toBe(agreement.live.levelAccuracy.n);
    expect(shadowLevels.hits).toBe(agreement.live.levelAccuracy.successes);

    // Promoting the shadow version ends its shadow; the audit trail names every step.
    await promoteModel({ task: "classifier", version: candidate.id, actorId: admin.id, via: "web" });
    expect(await db().modelVersion.findUniqueOrThrow({ where: { id: candidate.id } })).toMatchObject({ active: true, shadow: false });
    expect(await db().auditEvent.count({ where: { type: "MODEL_SHADOW_SET", actorId: admin.id } })).toBe(1);
  }, 300_000);
});
