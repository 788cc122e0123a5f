import { describe, expect, it } from "vitest";
import { analyzeLevels } from "@/lib/analysis/analyze-levels";
import { generateStudy, plannedInstanceMeta, VARIANTS } from "@/lib/phantom";

const STUDIES_PER_VARIANT = 40;

describe("step 2 on generated studies, every variant (geometry only, no pixels)", () => {
  it.each(VARIANTS.map((v) => [v]))("%s: 100 % of at-disc slices get their true level; decoys are ignored", (variant) => {
    let atDisc = 0;
    for (let i = 0; i < STUDIES_PER_VARIANT; i++) {
      const seed = 1000 + i * 7919;
      const study = generateStudy({ seed, variant, pixels: false });
      const truth = study.truth;
      const analysis = analyzeLevels({
        instances: plannedInstanceMeta(study),
        skippedFiles: [],
        vertebrae: truth.vertebrae.map((v) => ({ label: v.label, sopInstanceUid: truth.sagittal.midSopInstanceUid, box: v.box })),
      });
      expect(analysis.series.sagittal).toBe(truth.sagittal.seriesInstanceUid);
      expect(analysis.series.ignored.map((s) => s.seriesInstanceUid).sort()).toEqual(truth.decoys.map((d) => d.seriesInstanceUid).sort());
      const bySop = new Map(analysis.slices.map((s) => [s.sopInstanceUid, s]));
      for (const slice of truth.slices) {
        const got = bySop.get(slice.sopInstanceUid);
        expect(got, `seed ${seed}`).toBeDefined();
        if (!slice.atDisc) continue;
        atDisc++;
        expect(got!.level, `seed ${seed} ${slice.file}`).toBe(slice.level);
        expect(Math.abs(got!.distanceMm! - slice.distanceMm!), `seed ${seed} ${slice.file}`).toBeLessThan(3);
      }
    }
    expect(atDisc).toBeGreaterThan(STUDIES_PER_VARIANT * 5);
  });
});
