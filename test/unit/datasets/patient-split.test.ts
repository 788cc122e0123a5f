import { describe, expect, it } from "vitest";
import { patientSplit } from "@/lib/datasets/patient-split";

describe("patientSplit", () => {
  const fractions = { train: 0.7, val: 0.15, test: 0.15 };
  const patients = Array.from({ length: 2000 }, (_, i) => `patient-${i}`);

  it("is a function of seed and patient only (all studies of a patient share a split)", () => {
    for (const p of patients.slice(0, 50)) expect(patientSplit(42, p, fractions)).toBe(patientSplit(42, p, fractions));
    const moved = patients.filter((p) => patientSplit(42, p, fractions) !== patientSplit(43, p, fractions));
    expect(moved.length).toBeGreaterThan(200);
  });

  it("follows the fractions (±3 % over 2000 patients)", () => {
    const counts = { TRAIN: 0, VAL: 0, TEST: 0 };
    for (const p of patients) counts[patientSplit(7, p, fractions)] += 1;
    expect(counts.TRAIN / 2000).toBeCloseTo(0.7, 1);
    expect(Math.abs(counts.VAL / 2000 - 0.15)).toBeLessThan(0.03);
    expect(Math.abs(counts.TEST / 2000 - 0.15)).toBeLessThan(0.03);
    expect(patients.every((p) => patientSplit(7, p, { train: 1, val: 0, test: 0 }) === "TRAIN")).toBe(true);
  });
});
