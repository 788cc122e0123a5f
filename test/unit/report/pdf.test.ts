import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPdf, pdfText } from "@/lib/report/build-pdf";
import { renderKeyImages } from "@/lib/report/render-key-images";
import type { TReportData } from "@/lib/report/report-data";
import { writeStudy } from "@/lib/phantom/write-study";
import type { TPhantomTruth } from "@/lib/phantom/truth";
import { sampleReportData } from "./sample-report-data";

/** Report data for a phantom study as if its truth had been signed unchanged (L-levels from truth.json). */
function phantomReportData(truth: TPhantomTruth): TReportData {
  const base = sampleReportData();
  const mr = "1.2.840.10008.5.1.4.1.1.4";
  const instances: TReportData["instances"] = { [truth.sagittal.midSopInstanceUid]: { sopClassUid: mr, seriesInstanceUid: truth.sagittal.seriesInstanceUid } };
  for (const s of truth.slices) instances[s.sopInstanceUid] = { sopClassUid: mr, seriesInstanceUid: s.seriesInstanceUid };
  return {
    ...base,
    studyInstanceUid: truth.studyInstanceUid,
    levels: truth.levels.map((l) => ({
      level: l.level,
      diagnosis: l.diagnosis,
      aiDiagnosis: l.diagnosis,
      aiProbability: 0.8,
      changedByReader: false,
      images: truth.slices.filter((s) => s.level === l.level && s.atDisc).map((s) => ({ sopInstanceUid: s.sopInstanceUid, roi: s.roi })),
    })),
    vertebrae: truth.vertebrae.map((v) => ({ label: v.label, box: v.box, sopInstanceUid: truth.sagittal.midSopInstanceUid })),
    sagittal: { seriesInstanceUid: truth.sagittal.seriesInstanceUid, midSopInstanceUid: truth.sagittal.midSopInstanceUid },
    instances,
  };
}

describe("PDF report", () => {
  let tmp = "";
  let truth: TPhantomTruth;
  let dir = "";
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "report-pdf-"));
    const written = await writeStudy(tmp, { seed: 31, variant: "standard", forceDiagnosis: { "L3-L4": "normal", "L4-L5": "herniation", "L5-S1": "bulge" } });
    dir = written.dir;
    truth = written.study.truth;
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("strips control characters and what the font cannot encode from untrusted text", () => {
    expect(pdfText("Doe^Jane\u0007\u001b[2J\u4e2d")).toBe("Doe Jane [2J?");
    expect(pdfText(null)).toBe("-");
  });

  it("states header, every level, AI columns, reader, models and disclaimer, with the key images embedded", async () => {
    const data = phantomReportData(truth);
    const files = new Map([[truth.sagittal.midSopInstanceUid, truth.sagittal.midFile], ...truth.slices.map((s) => [s.sopInstanceUid, s.file] as const)]);
    const images = await renderKeyImages(data, async (uid) => (files.has(uid) ? readFileSync(path.join(dir, files.get(uid)!)) : null));
    const abnormal = truth.levels.filter((l) => l.diagnosis !== "normal" && truth.slices.some((s) => s.level === l.level && s.atDisc)).length;
    expect(images).toHaveLength(1 + abnormal);
    const pdf = await buildPdf(data, images);
    const file = path.join(tmp, "report.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toMatch(/Lumbar spine MRI: disc bulge and herniation report/);
    expect(text).toMatch(/Doe, Jane/);
    expect(text).toMatch(/Birth date \/ sex\s+1970-01-01 \/ F/);
    expect(text).not.toMatch(/\u0007/);
    expect(text).toMatch(/PID-77/);
    for (const l of truth.levels) expect(text).toMatch(new RegExp(`${l.level}\\s+${l.diagnosis}\\s+${l.diagnosis}\\s+80 %\\s+accepted`));
    // The findings as standard sentences (three-class values read as contour values).
    for (const l of truth.levels) expect(text).toContain(`${l.level}: ${l.diagnosis === "normal" ? "normal disc contour" : l.diagnosis === "bulge" ? "disc bulge" : "disc herniation"}.`);
    expect(text).toMatch(/Signed by Dr Ada Reader on 2024-01-03 09:00 UTC/);
    expect(text).toMatch(/Models: classifier 1\.0\.0/);
    expect(text).toMatch(/not medical devices/);
    if (process.env.KEEP_REPORT_PDF) writeFileSync(process.env.KEEP_REPORT_PDF, pdf);
    const list = execFileSync("/usr/bin/pdfimages", ["-list", file], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(list).toHaveLength(images.length);
    // No empty page (issue 16.4): every page has text (pdfinfo's page count, pdftotext per page).
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("/usr/bin/pdfinfo", [file], { encoding: "utf8" }))![1]);
    expect(pages).toBeLessThanOrEqual(1 + images.length);
    for (let p = 1; p <= pages; p++) expect(execFileSync("/usr/bin/pdftotext", ["-f", String(p), "-l", String(p), file, "-"], { encoding: "utf8" }).trim().length, `page ${p}`).toBeGreaterThan(20);
  }, 60_000);
});
