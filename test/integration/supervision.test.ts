import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { TAnalysis } from "../../lib/analysis/schema";
import { effectiveAnnotations, saveAiPredictions } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import type { TDiagnosis, TDiscLevel } from "../../lib/phantom/truth";
import { saveEdits, studyAuditTrail, studyView } from "../../lib/review";
import { batchReadingLabels } from "../../lib/supervision/batch-reading-labels";
import {
  assignAdjudicator,
  readingLabels,
  assignStudy,
  finalLabels,
  signSupervisedReading,
  statsToCsv,
  supervisionStats,
  visibleReadings,
  type TLevelBlock,
} from "../../lib/supervision";
import { rerunAiDifferently } from "./ai-rerun";
import { makeAnalysedStudy } from "./annotation-fixtures";
import { makeUser, resetDatabase } from "./helpers";

/**
 * End to end through the lib functions: two double-read studies with an AI reading, two blinded
 * readers, one adjudication, then every dashboard number against the hand computation written
 * beside it. Diagnoses, levels L1-L2 … L5-S1 (n = normal, b = bulge, h = herniation):
 *
 *   study 1  AI n n b b h   reader A n n b h h   reader B n n b h h   → agree → final = A
 *   study 2  AI n b b h h   reader A n n b h b   reader B n b b h h   → ADJUDICATION
 *            adjudicator C (starts from the AI) sets L2-L3 → n        → final n n b h h
 * Reader A also moves study 1's L4 box 4 px right: IoU with the AI's = 1080 / 1320 = 0.8182.
 */
const LEVELS: TDiscLevel[] = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"];
const D = { n: "normal", b: "bulge", h: "herniation" } as const;
const dx = (s: string) => [...s].map((c) => D[c as keyof typeof D]) as TDiagnosis[];

const probabilities = (d: TDiagnosis, top: number) => {
  const rest = (1 - top) / 2;
  return { normal: rest, bulge: rest, herniation: rest, [d]: top } as { normal: number; bulge: number; herniation: number };
};

async function studyWithAi(ai: TDiagnosis[], tops: number[], detectorId: string) {
  const fx = await makeAnalysedStudy();
  const analysis: TAnalysis = {
    ...fx.analysis,
    discs: [],
    slices: fx.analysis.slices,
    levels: LEVELS.map((level, i) => ({ level, diagnosis: ai[i]!, probabilities: probabilities(ai[i]!, tops[i]!), sopInstanceUids: [] })),
  };
  analysis.discs = fx.analysis.discs;
  await saveAiPredictions({
    studyId: fx.study.id,
    pipelineRunId: fx.run.id,
    analysis,
    modelVersionIds: { LEVEL_DIAGNOSIS: fx.modelVersionId, VERTEBRA_BOX: detectorId, DISC_ROI: detectorId },
  });
  return fx.study;
}

async function read(readingId: string, user: { id: string; role: "RADIOLOGIST" | "SUPERVISOR" }, wanted: TDiagnosis[], moveL4 = false) {
  const view = await effectiveAnnotations(readingId);
  const changes = [];
  for (const [i, level] of LEVELS.entries()) {
    const current = view.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === level)!;
    if ((current.data as { diagnosis: string }).diagnosis !== wanted[i]) {
      changes.push({ kind: "LEVEL_DIAGNOSIS" as const, key: level, baseRevisionId: current.revisionId, data: { level, diagnosis: wanted[i] } });
    }
  }
  if (moveL4) {
    const l4 = view.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
    changes.push({ kind: "VERTEBRA_BOX" as const, key: "L4", baseRevisionId: l4.revisionId, data: { label: "L4", sopInstanceUid: "sag-mid", box: [104, 160, 144, 190] } });
  }
  await saveEdits({ readingId, user, changes });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const block = (blocks: TLevelBlock[], level: string) => blocks.find((b) => b.level === level)!;

describe("supervision: double reading, adjudication and the dashboard end to end", () => {
  let ids: { s1: string; s2: string; a: string; b: string; c: string; supervisor: string; other: string; adjudication: string; s1Primary: string };

  beforeAll(async () => {
    await resetDatabase();
    const detector = await db().modelVersion.create({ data: { modelId: "det", version: "1", task: "detect", sha256: "0", manifest: {} } });
    const s1 = await studyWithAi(dx("nnbbh"), [0.9, 0.9, 0.8, 0.95, 0.85], detector.id);
    const s2 = await studyWithAi(dx("nbbhh"), [0.99, 0.6, 0.9, 0.9, 0.7], detector.id);
    const [a, b, c, supervisor, other] = await Promise.all([
      makeUser("RADIOLOGIST"),
      makeUser("RADIOLOGIST"),
      makeUser("RADIOLOGIST"),
      makeUser("SUPERVISOR"),
      makeUser("RADIOLOGIST"),
    ]);
    ids = { s1: s1.id, s2: s2.id, a: a.id, b: b.id, c: c.id, supervisor: supervisor.id, other: other.id, adjudication: "", s1Primary: "" };
  });

  it("assigns blinded double readings, keeps each reader blind until both signed, and does not lock on the first signature", async () => {
    const r1 = await assignStudy({ studyId: ids.s1, design: "DOUBLE_BLINDED", readerIds: [ids.a, ids.b], actorId: ids.supervisor });
    const r2 = await assignStudy({ studyId: ids.s2, design: "DOUBLE_BLINDED", readerIds: [ids.a, ids.b], actorId: ids.supervisor });
    expect(r1.readings.map((r) => r.role)).toEqual(["PRIMARY", "SECOND"]);
    expect((await rejection(assignStudy({ studyId: ids.s1, design: "DOUBLE_BLINDED", readerIds: [ids.a, ids.a], actorId: ids.supervisor }))).code).toBe("INVALID_INPUT");

    const [p1, q1] = r1.readings;
    const [p2, q2] = r2.readings;
    ids.s1Primary = p1!.id;
    const A = { id: ids.a, role: "RADIOLOGIST" as const };
    const B = { id: ids.b, role: "RADIOLOGIST" as const };
    await read(p1!.id, A, dx("nnbhh"), true);
    await read(p2!.id, A, dx("nnbhb"));

    // Blinded: A sees the AI and their own reading only, B likewise, an unassigned radiologist
    // neither human reading, the supervisor (not a reader) all of them.
    const seen = async (userId: string, role: "RADIOLOGIST" | "SUPERVISOR") => (await visibleReadings(ids.s1, { id: userId, role })).readings.map((r) => r.id);
    expect(await seen(ids.a, "RADIOLOGIST")).not.toContain(q1!.id);
    expect(await seen(ids.b, "RADIOLOGIST")).not.toContain(p1!.id);
    const outsider = await seen(ids.other, "RADIOLOGIST");
    expect(outsider).not.toContain(p1!.id);
    expect(outsider).not.toContain(q1!.id);
    expect(outsider.length).toBe(1); // the AI reading
    expect(await seen(ids.supervisor, "SUPERVISOR")).toEqual(expect.arrayContaining([p1!.id, q1!.id]));
    // The study view and the history leave A's reading out for B (its reader's identity too).
    const viewB = await studyView({ studyId: ids.s1, user: B });
    expect(viewB.readings.map((r) => r.id)).not.toContain(p1!.id);
    const trailB = await studyAuditTrail(ids.s1, B);
    expect(trailB.revisions.some((r) => r.readingId === p1!.id)).toBe(false);
    expect(trailB.events.some((e) => e.actorName !== null && JSON.stringify(e.payload).includes(p1!.id))).toBe(false);
    expect(trailB.events.some((e) => JSON.stringify(e.payload).includes(ids.a))).toBe(false);
    expect((await studyAuditTrail(ids.s1, { id: ids.supervisor, role: "SUPERVISOR" })).revisions.some((r) => r.readingId === p1!.id)).toBe(true);

    const first = await signSupervisedReading({ readingId: p1!.id, userId: ids.a });
    expect(first.reviewState).toBe("IN_REVIEW");
    expect((await finalLabels(ids.s1)).status).toBe("PENDING");
    expect(await seen(ids.a, "RADIOLOGIST")).not.toContain(q1!.id);
    await signSupervisedReading({ readingId: p2!.id, userId: ids.a });

    await read(q1!.id, B, dx("nnbhh"));
    await read(q2!.id, B, dx("nbbhh"));
    const agreed = await signSupervisedReading({ readingId: q1!.id, userId: ids.b });
    expect(agreed.reviewState).toBe("SIGNED");
    expect(agreed.comparison).toEqual({ agreed: true, disagreements: [] });
    const disagreed = await signSupervisedReading({ readingId: q2!.id, userId: ids.b });
    expect(disagreed.reviewState).toBe("ADJUDICATION");
    expect(disagreed.comparison?.disagreements).toEqual(["L2-L3 diagnosis", "L5-S1 diagnosis"]);
    // Both signed: nobody is blind any more.
    expect(await seen(ids.a, "RADIOLOGIST")).toEqual(expect.arrayContaining([p1!.id, q1!.id]));

    const final1 = await finalLabels(ids.s1);
    expect(final1).toMatchObject({ status: "FINAL", basis: "DOUBLE_READING_AGREED", readingId: p1!.id });
    expect(final1.levels.map((l) => l.diagnosis)).toEqual(dx("nnbhh"));
    expect((await finalLabels(ids.s2)).status).toBe("PENDING");
  });

  it("adjudicates: a third reader only, whose signed reading becomes the final label", async () => {
    expect((await rejection(assignAdjudicator({ studyId: ids.s2, readerId: ids.a, actorId: ids.supervisor }))).code).toBe("INVALID_INPUT");
    expect((await rejection(assignAdjudicator({ studyId: ids.s1, readerId: ids.c, actorId: ids.supervisor }))).code).toBe("CONFLICT");
    const { reading } = await assignAdjudicator({ studyId: ids.s2, readerId: ids.c, actorId: ids.supervisor });
    ids.adjudication = reading.id;
    await read(reading.id, { id: ids.c, role: "RADIOLOGIST" }, dx("nnbhh"));
    const outcome = await signSupervisedReading({ readingId: reading.id, userId: ids.c });
    expect(outcome.reviewState).toBe("SIGNED");
    const final2 = await finalLabels(ids.s2);
    expect(final2).toMatchObject({ status: "FINAL", basis: "ADJUDICATION", readingId: reading.id });
    expect(final2.levels.map((l) => [l.level, l.diagnosis, l.sourceRole])).toEqual(LEVELS.map((level, i) => [level, dx("nnbhh")[i], "ADJUDICATION"]));
    const events = await db().auditEvent.findMany({ where: { studyId: ids.s2 }, select: { type: true } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["READING_DESIGN_SET", "READING_ASSIGNED", "DOUBLE_READ_COMPARED", "STUDY_STATE_CHANGED"]));
  });

  it("AI against the final label: matrix, accuracy, κ, weighted κ and per-class numbers match the hand computation", async () => {
    const stats = await supervisionStats();
    expect(stats.counts).toEqual({ studies: 2, withAi: 2, withFinal: 2, doubleRead: 2, adjudicated: 1 });
    const all = block(stats.aiVsFinal, "ALL");
    // Pairs (final, AI): s1 nn nn bb hb hh, s2 nn nb bb hh hh.
    expect(all.matrix).toEqual([
      [3, 1, 0],
      [0, 2, 0],
      [0, 1, 3],
    ]);
    expect(all.classes.accuracy.value).toBeCloseTo(0.8, 12);
    // Marginals rows (.4 .2 .4), columns (.3 .4 .3): p_e = .32, κ = .48/.68 = 12/17.
    expect(all.kappa.expected).toBeCloseTo(0.32, 12);
    expect(all.kappa.kappa!).toBeCloseTo(12 / 17, 12);
    // Linear: p_o = (8 + ½·2)/10 = .9, p_e = .32 + ½·.44 = .54, κ_w = .36/.46 = 18/23.
    expect(all.weightedKappa.kappa!).toBeCloseTo(18 / 23, 12);
    expect(all.classes.perClass.normal.sensitivity.value).toBeCloseTo(3 / 4, 12);
    expect(all.classes.perClass.normal.specificity.value).toBe(1);
    expect(all.classes.perClass.bulge.sensitivity.value).toBe(1);
    expect(all.classes.perClass.bulge.specificity.value).toBeCloseTo(6 / 8, 12);
    expect(all.classes.perClass.herniation.sensitivity.value).toBeCloseTo(3 / 4, 12);
    expect(all.classes.perClass.herniation.specificity.value).toBe(1);
    // Per level: L2-L3 (n n, n b) → 1/2 agreement, but 2 pairs are below the minimum n of 10 for
    // κ: withheld with the reason (it would be 0, with an interval spanning most of [−1, 1]).
    expect(stats.aiVsFinal.map((b) => b.classes.accuracy.value)).toEqual([1, 0.5, 1, 0.5, 1, 0.8]);
    expect(block(stats.aiVsFinal, "L2-L3").kappa).toMatchObject({ kappa: null, ci: null, withheld: "Not shown: 2 rated pairs, fewer than the 10 needed for a meaningful κ." });
    expect(block(stats.aiVsFinal, "L2-L3").kappa.observed).toBeCloseTo(0.5, 12);
    expect(block(stats.aiVsFinal, "ALL").kappa.withheld).toBeNull();
  });

  it("reader against reader, readers against the AI, and Fleiss' κ over the three readings of study 2", async () => {
    const stats = await supervisionStats();
    const rr = block(stats.readerVsReader, "ALL");
    // Pairs (A, B): s1 all agree; s2 nn nb bb hh bh.
    expect(rr.matrix).toEqual([
      [3, 1, 0],
      [0, 2, 1],
      [0, 0, 3],
    ]);
    expect(rr.agreement.value).toBeCloseTo(0.8, 12);
    // Rows (.4 .3 .3), columns (.3 .3 .4): p_e = .33, κ = .47/.67; linear p_e = .33 + ½·.42 = .54 → 18/23.
    expect(rr.kappa.kappa!).toBeCloseTo(47 / 67, 12);
    expect(rr.weightedKappa.kappa!).toBeCloseTo(18 / 23, 12);

    const byReader = new Map(stats.readerVsAi.map((r) => [r.readerId, block(r.blocks, "ALL")]));
    expect(byReader.get(ids.a)!.agreement).toMatchObject({ successes: 7, n: 10 });
    expect(byReader.get(ids.a)!.matrix).toEqual([
      [3, 1, 0],
      [0, 2, 1],
      [0, 1, 2],
    ]);
    expect(byReader.get(ids.b)!.agreement).toMatchObject({ successes: 9, n: 10 });
    expect(byReader.get(ids.c)!.agreement).toMatchObject({ successes: 4, n: 5 });

    // Every study with ≥ 2 signed readings counts, not only the adjudicated one (issue 12.7).
    // Study 1 (A, B) counts (n, b, h) per level: 200, 200, 020, 002, 002 — 2 ratings each.
    // Study 2 (A, B, C): 300, 210, 030, 003, 012 — 3 ratings each.
    // Agreeing ordered pairs: study 1 5 × 2 = 10 of 10; study 2 6 + 2 + 6 + 6 + 2 = 22 of 30 → P̄ = 32/40.
    // Shares over 25 ratings: n 9, b 7, h 9 → P̄e = 211/625; κ = (500 − 211)/(625 − 211) = 289/414.
    const fleiss = stats.fleiss.find((f) => f.level === "ALL")!;
    expect(fleiss.subjects).toBe(10);
    expect(fleiss.observed!).toBeCloseTo(0.8, 12);
    expect(fleiss.expected!).toBeCloseTo(211 / 625, 12);
    expect(fleiss.kappa!).toBeCloseTo(289 / 414, 12);
    expect(fleiss.ci).not.toBeNull();
    // Per level there are 2 subjects: κ and its interval are withheld, with the reason.
    expect(stats.fleiss.find((f) => f.level === "L5-S1")).toMatchObject({ subjects: 2, kappa: null, ci: null, withheld: expect.stringMatching(/^Not shown: 2 \(study, level\) subjects/) });
  });

  it("IoU distributions, correction rates per model version and the label-noise queue", async () => {
    const stats = await supervisionStats();
    // Vertebrae, AI vs final: 11 boxes kept (IoU 1) and study 1's L4 moved (1080/1320).
    const moved = 1080 / 1320;
    expect(stats.iou.vertebraAiVsFinal.summary.n).toBe(12);
    expect(stats.iou.vertebraAiVsFinal.summary.mean!).toBeCloseTo((11 + moved) / 12, 12);
    expect(stats.iou.vertebraAiVsFinal.summary.min!).toBeCloseTo(moved, 12);
    expect(stats.iou.vertebraAiVsFinal.summary.median).toBe(1);
    expect(stats.iou.vertebraAiVsFinal.histogram[8]!.count).toBe(1);
    expect(stats.iou.vertebraAiVsFinal.histogram[9]!.count).toBe(11);
    const ci = stats.iou.vertebraAiVsFinal.meanCi!;
    expect(ci.lower).toBeGreaterThanOrEqual(moved);
    expect(ci.lower).toBeLessThan((11 + moved) / 12);
    expect(ci.upper).toBe(1);
    expect(stats.iou.roiAiVsFinal.summary).toMatchObject({ n: 4, mean: 1 });
    expect(stats.iou.roiAiVsFinal.meanCi).toEqual({ lower: 1, upper: 1 });
    expect(stats.iou.vertebraReaderVsReader.summary.min!).toBeCloseTo(moved, 12);

    // Five human readings (A×2, B×2, C×1) × 5 levels = 25 labels; flips A 1+2, B 1+0, C 1 = 5.
    // Boxes: 5 readings × (6 vertebrae + 2 ROIs) = 40; one moved (IoU 0.818 < 0.9).
    expect(stats.corrections.map((c) => [c.modelVersion, c.labelFlips.successes, c.labelFlips.n, c.boxMoves.successes, c.boxMoves.n])).toEqual([
      ["det@1", 0, 0, 1, 40],
      ["test-model@0", 5, 25, 0, 0],
    ]);

    // Confident (p ≥ 0.9) disagreement with the final label: study 1 L4-L5 (AI bulge 0.95 vs herniation);
    // study 2 L2-L3 (AI bulge 0.6 vs normal) is not confident.
    expect(stats.labelNoise).toEqual([{ studyId: ids.s1, level: "L4-L5", aiDiagnosis: "bulge", probability: 0.95, finalDiagnosis: "herniation", modelVersion: "test-model@0" }]);
    expect(stats.labelNoiseRate).toMatchObject({ successes: 1, n: 10 });
  });

  it("filters by level, reader and model version, and writes the same numbers as CSV", async () => {
    const l45 = await supervisionStats({ level: "L4-L5" });
    expect(l45.aiVsFinal.map((b) => b.level)).toEqual(["L4-L5", "ALL"]);
    expect(block(l45.aiVsFinal, "ALL").matrix).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 1, 1],
    ]);
    const onlyC = await supervisionStats({ readerId: ids.c });
    expect(onlyC.counts.studies).toBe(1);
    expect(onlyC.readerVsAi.map((r) => r.readerId)).toEqual([ids.c]);
    expect((await supervisionStats({ modelVersion: "det@1" })).counts.studies).toBe(2);
    expect((await supervisionStats({ modelVersion: "nope@0" })).counts.studies).toBe(0);
    expect((await supervisionStats({ from: "2000-01-01", to: "2000-01-02" })).counts.studies).toBe(0);

    const csv = statsToCsv(await supervisionStats());
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("section,level,reader,class,metric,value,ci_lower,ci_upper,n");
    const kappaLine = lines.find((l) => l.startsWith("ai_vs_final,ALL,,,cohen_kappa,"))!;
    expect(Number(kappaLine.split(",")[5])).toBeCloseTo(12 / 17, 12);
    expect(lines).toContain("ai_vs_final,ALL,,,count final=herniation/ai=bulge,1,,,");
  });

  it("the dashboard's batch loader sees every reading exactly as lib/annotations' effectiveAnnotations does", async () => {
    const readings = await db().reading.findMany();
    const batch = await batchReadingLabels(db(), readings, readings.map((r) => r.id));
    expect(batch.size).toBe(readings.length);
    for (const reading of readings) expect(batch.get(reading.id), reading.role).toEqual(await readingLabels(db(), reading.id));
  });

  it("discern stats --json prints the same document from the database", async () => {
    const root = path.resolve(__dirname, "../..");
    const { stdout } = await promisify(execFile)(path.join(root, "bin/discern"), ["stats", "--json"], {
      env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
      timeout: 60_000,
    });
    const doc = JSON.parse(stdout) as { schema: string; aiVsFinal: TLevelBlock[]; readerVsReader: TLevelBlock[] };
    expect(doc.schema).toBe("discern.stats/v1");
    expect(block(doc.aiVsFinal, "ALL").kappa.kappa!).toBeCloseTo(12 / 17, 12);
    expect(block(doc.readerVsReader, "ALL").kappa.kappa!).toBeCloseTo(47 / 67, 12);
  });

  it("a later AI run with another model changes no correction credit: corrections belong to the version the readers corrected", async () => {
    const before = await supervisionStats();
    await rerunAiDifferently(ids.s1);
    const after = await supervisionStats();
    expect(after.corrections).toEqual(before.corrections);
    expect(after.corrections.map((c) => c.modelVersion)).not.toContain("rerun-model@2");
    // AI against the final label does follow the current AI reading (that is what it measures):
    // study 1's flipped AI (h h n n b) now disagrees with its final label (n n b h h) at every
    // level; study 2 still agrees at 4 of 5 → 4/10.
    expect(block(after.aiVsFinal, "ALL").classes.accuracy.value).toBeCloseTo(4 / 10, 12);
  });
});
