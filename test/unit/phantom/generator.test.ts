import { describe, expect, it } from "vitest";
import { readInstanceMeta } from "@/lib/dicom/read-instance";
import { planeNormal, spinePlane } from "@/lib/geometry";
import { classifyWeighting } from "@/lib/dicom/classify-weighting";
import { generateStudy, VARIANTS, ZPhantomTruth, type PhantomOptions } from "@/lib/phantom";

/** Small images keep the pixel path fast; the geometry and every header stay as generated. */
const small = (o: PhantomOptions) => {
  o.sagittal = { ...o.sagittal, rows: 48, columns: 48 };
  o.axial = { ...o.axial, rows: 40, columns: 40 };
};

describe("generateStudy", () => {
  it("is deterministic: the same seed gives the same bytes, another seed another study", () => {
    const a = generateStudy({ seed: 42, variant: "standard", tweak: small });
    const b = generateStudy({ seed: 42, variant: "standard", tweak: small });
    const c = generateStudy({ seed: 43, variant: "standard", tweak: small });
    expect(a.files.length).toBeGreaterThan(15);
    expect(b.files.map((f) => f.path)).toEqual(a.files.map((f) => f.path));
    a.files.forEach((f, i) => expect(Buffer.from(b.files[i]!.bytes!).equals(Buffer.from(f.bytes!))).toBe(true));
    expect(JSON.stringify(b.truth)).toBe(JSON.stringify(a.truth));
    expect(c.truth.studyInstanceUid).not.toBe(a.truth.studyInstanceUid);
    expect(a.truth.studyInstanceUid).toMatch(/^2\.25\.[1-9]\d*$/);
  });

  it("writes MR images that lib/dicom reads back with the planned geometry, weighting and plane", () => {
    const study = generateStudy({ seed: 7, variant: "decoys", tweak: (o) => (small(o), (o.transferSyntax = "implicit")) });
    const planned = new Map(study.plan.series.flatMap((s) => s.images.map((i) => [i.sopInstanceUid, { series: s, image: i }])));
    for (const file of study.files) {
      const meta = readInstanceMeta(Buffer.from(file.bytes!));
      const { series, image } = planned.get(meta.sopInstanceUid)!;
      expect(meta.transferSyntaxUid).toBe("1.2.840.10008.1.2");
      expect(meta.sopClassUid).toBe("1.2.840.10008.5.1.4.1.1.4");
      expect([meta.bitsAllocated, meta.pixelRepresentation, meta.photometricInterpretation]).toEqual([16, 0, "MONOCHROME2"]);
      expect(meta.studyInstanceUid).toBe(study.truth.studyInstanceUid);
      expect(meta.seriesInstanceUid).toBe(series.seriesInstanceUid);
      const g = meta.geometry!;
      for (let k = 0; k < 3; k++) {
        expect(g.imagePositionPatient[k]).toBeCloseTo(image.geometry.imagePositionPatient[k]!, 4);
        expect(g.rowCosines[k]).toBeCloseTo(image.geometry.rowCosines[k]!, 5);
        expect(g.columnCosines[k]).toBeCloseTo(image.geometry.columnCosines[k]!, 5);
      }
      expect(g.pixelSpacing).toEqual(image.geometry.pixelSpacing);
      expect(g.frameOfReferenceUid).toBe(study.plan.frameOfReferenceUid);
      const weighting = classifyWeighting(meta);
      if (series.kind === "sagittal-t2" || series.kind === "axial-t2") {
        expect(weighting).toBe("T2");
        expect(spinePlane(g)).toBe(series.kind === "sagittal-t2" ? "sagittal" : "axial");
      }
      if (series.kind === "sagittal-t1") expect(weighting).toBe("T1");
      if (series.kind === "localizer") expect(meta.imageType).toContain("LOCALIZER");
    }
  });

  it.each(VARIANTS.map((v) => [v]))("%s: truth validates and describes the study", (variant) => {
    for (const seed of [1, 2, 3]) {
      const study = generateStudy({ seed, variant, pixels: false });
      const truth = ZPhantomTruth.parse(study.truth);
      expect(truth.variant).toBe(variant);
      expect(truth.acquisition?.coverage).toBe(study.options.coverage);
      expect(truth.acquisition?.patientPosition).toBe(study.options.patientPosition);
      expect(truth.levels.map((l) => l.level)).toEqual(["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"]);
      const sagCount = study.plan.sagittal.images.length;
      expect([13, 15]).toContain(sagCount);
      const files = new Set(study.files.map((f) => f.path));
      expect(files.has(truth.sagittal.midFile)).toBe(true);
      for (const slice of truth.slices) {
        expect(files.has(slice.file)).toBe(true);
        expect(slice.roi !== null).toBe(slice.atDisc);
        if (slice.level === null) expect(slice.distanceMm).toBeNull();
        if (slice.atDisc) expect(Math.abs(slice.distanceMm!)).toBeLessThan(6);
      }
      // Every planned disc stack has at least one slice through its disc.
      const stacks = new Set(study.plan.series.flatMap((s) => s.images.map((i) => i.stackLevel)).filter(Boolean));
      for (const level of stacks) expect(truth.slices.some((s) => s.atDisc && s.level === level), `${variant} seed ${seed} ${level}`).toBe(true);
      const labels = truth.vertebrae.map((v) => v.label);
      if (study.options.coverage === "lower-sagittal") expect(labels).toEqual(["L3", "L4", "L5", "S1"]);
      else expect(labels).toEqual(["L1", "L2", "L3", "L4", "L5", "S1"]);
      if (study.options.coverage !== "full") expect(stacks).toEqual(new Set(["L3-L4", "L4-L5", "L5-S1"]));
      expect(truth.decoys.length).toBe(study.options.decoys ? 3 : 0);
      // Feet-first stacks are written with normals pointing caudally, head-first ones cranially;
      // flipping one in-plane axis flips the normal again.
      const l1 = truth.vertebrae[0]!.centerPatient;
      const s1 = truth.vertebrae.at(-1)!.centerPatient;
      for (const image of study.plan.series.filter((x) => x.kind === "axial-t2").flatMap((x) => x.images)) {
        const n = planeNormal(image.geometry);
        const cranial = n[0] * (l1[0] - s1[0]) + n[1] * (l1[1] - s1[1]) + n[2] * (l1[2] - s1[2]);
        const oneFlip = study.options.flipRows !== study.options.flipColumns;
        expect(cranial > 0).toBe((study.options.patientPosition === "HFS") !== oneFlip);
      }
      const axialSeries = new Set(truth.slices.map((s) => s.seriesInstanceUid));
      expect(axialSeries.size).toBe(study.options.axialLayout === "single" ? 1 : stacks.size);
    }
  });

  it("draws diagnoses from the class mix, near the paper's proportions by default", () => {
    const counts = { normal: 0, bulge: 0, herniation: 0 };
    for (let seed = 0; seed < 200; seed++) for (const l of generateStudy({ seed, pixels: false }).truth.levels) counts[l.diagnosis]++;
    const total = counts.normal + counts.bulge + counts.herniation;
    expect(counts.normal / total).toBeGreaterThan(0.46);
    expect(counts.normal / total).toBeLessThan(0.6);
    expect(counts.herniation / total).toBeGreaterThan(0.11);
    expect(counts.herniation / total).toBeLessThan(0.21);
    const allHerniated = generateStudy({ seed: 5, pixels: false, classMix: { "L4-L5": [0, 0, 1] } });
    expect(allHerniated.truth.levels.find((l) => l.level === "L4-L5")?.diagnosis).toBe("herniation");
  });
});
