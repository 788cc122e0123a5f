import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { releaseModelSessions } from "../../lib/inference/session";
import { MODEL_IDS } from "../../lib/inference/models";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { resetDatabase } from "./helpers";

// Issue 11.6: every demo study is pre-annotated by the trained models through the normal
// pipeline job, never with the phantom's truth (the demo seeds call seedPhantomStudy with
// ai: "pipeline"). Real models, real Postgres, real DICOM from the phantom generator.
describe("demo studies are pre-annotated by the models", () => {
  beforeEach(resetDatabase);
  afterAll(releaseModelSessions);

  it("runs the pipeline job on a seeded phantom study, once", async () => {
    const seeded = await seedPhantomStudy({ seed: 101, variant: "standard", ai: "pipeline" });
    expect(seeded.ai.created).toBe(true);
    const reading = await db().reading.findUniqueOrThrow({
      where: { id: seeded.ai.reading.id },
      include: { pipelineRun: { include: { modelVersions: true } }, annotations: { include: { head: { include: { modelVersion: true } } } } },
    });
    expect(reading.role).toBe("AI");
    expect(reading.pipelineRun?.status).toBe("DONE");
    // The run names the three trained models, and every stored value credits one of them.
    const trained = new Set<string>(Object.values(MODEL_IDS));
    expect(new Set(reading.pipelineRun!.modelVersions.map((m) => m.modelId))).toEqual(trained);
    const credited = new Set(reading.annotations.map((a) => a.head?.modelVersion?.modelId));
    expect([...credited].every((id) => id !== undefined && trained.has(id))).toBe(true);
    expect(await db().modelVersion.count({ where: { modelId: "phantom-truth" } })).toBe(0);
    // The queue and finish are audited like any run.
    const events = await db().auditEvent.findMany({ where: { studyId: seeded.studyId }, select: { type: true } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["PIPELINE_QUEUED", "PIPELINE_FINISHED"]));

    const again = await seedPhantomStudy({ seed: 101, variant: "standard", ai: "pipeline" });
    expect([again.studyId, again.ai.created, again.ai.reading.id]).toEqual([seeded.studyId, false, reading.id]);
    expect(await db().pipelineRun.count({ where: { studyId: seeded.studyId } })).toBe(1);
  }, 180_000);
});
