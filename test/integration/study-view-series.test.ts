import { beforeEach, describe, expect, it } from "vitest";
import { studyView } from "../../lib/review";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { makeUser, resetDatabase } from "./helpers";

const LEVELS = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"];

/** The series browser's data (issue 17.2): every series of a study, each axial stack with its levels. */
describe("studyView series", () => {
  beforeEach(resetDatabase);

  it("lists every series of a study with decoys: T1 sagittal and coronal viewable, five axial stacks each with its level", async () => {
    // The "decoys" phantom: localizer, T2 and T1 sagittal, one axial T2 series per disc, a coronal T2 (lib/phantom/plan.ts).
    const seeded = await seedPhantomStudy({ seed: 5, variant: "decoys" });
    const reader = await makeUser("RADIOLOGIST");
    const view = await studyView({ studyId: seeded.studyId, user: { id: reader.id, role: "RADIOLOGIST" } });
    const of = (plane: string, weighting: string) => view.series.filter((s) => s.plane === plane && s.weighting === weighting && s.description !== "localizer");

    expect(of("SAGITTAL", "T2").map((s) => s.description)).toEqual(["T2 TSE SAG"]);
    expect(of("SAGITTAL", "T1").map((s) => [s.description, s.images.length])).toEqual([["T1 TSE SAG", 11]]);
    // The three-plane localizer: one stack per plane, each named by its own orientation.
    expect(view.series.filter((s) => s.description === "localizer").map((s) => [s.plane, s.images.length]).sort()).toEqual([["AXIAL", 1], ["CORONAL", 1], ["SAGITTAL", 1]]);
    expect(of("CORONAL", "T2").map((s) => [s.description, s.images.length])).toEqual([["T2 TSE COR", 5]]);
    const axial = of("AXIAL", "T2");
    expect(axial).toHaveLength(5);
    // One level per stack, cranial stack first; the hanging protocol's axial stacks are these.
    expect(axial.map((s) => s.levels)).toEqual(LEVELS.map((l) => [l]));
    expect(view.axial.map((s) => s.key)).toEqual(axial.map((s) => s.key));
    expect(view.sagittal?.key).toBe(of("SAGITTAL", "T2")[0]!.key);
    // Every image of the study is in exactly one stack (the localizer included).
    const keys = view.series.flatMap((s) => s.images.map((i) => i.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect(view.midSagittalUid && of("SAGITTAL", "T2")[0]!.images.some((i) => i.key === view.midSagittalUid)).toBe(true);
  }, 180_000);

  it("splits one axial series acquired as a block per disc into one stack per block, each with its level", async () => {
    const seeded = await seedPhantomStudy({ seed: 5, variant: "single-series" });
    const reader = await makeUser("RADIOLOGIST");
    const view = await studyView({ studyId: seeded.studyId, user: { id: reader.id, role: "RADIOLOGIST" } });
    const axial = view.series.filter((s) => s.plane === "AXIAL");
    expect(new Set(axial.map((s) => s.seriesInstanceUid)).size).toBe(1);
    expect(axial.map((s) => [s.part, s.levels])).toEqual(LEVELS.map((l, k) => [`stack ${k + 1} of 5`, [l]]));
    expect(view.axial).toHaveLength(5);
  }, 180_000);
});
