import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { dragBy, imageToScreen, loginInBrowser, paneScale } from "./helpers";

/**
 * Issue 16 done-when in the browser: a radiologist records "L5-S1 right subarticular extrusion,
 * severe canal compromise, AP 9 mm" with the keyboard (F, H E R 3) and the length tool (M, one
 * drag on the axial image), signs, and the stored PDF, SR and FHIR say it. Uses PH000104 (seed
 * 104 of lib/review/seed-review-demo.ts), which no other spec touches.
 */
const SHOTS = "test-results/report-findings";

interface TImage { sopInstanceUid: string; rows: number; columns: number; geometry: { pixelSpacing: [number, number] } | null }
interface TView {
  reading: { id: string; status: string } | null;
  axial: Array<{ images: TImage[] }>;
  annotations: Array<{ kind: string; key: string; data: Record<string, unknown> }>;
}

async function view(page: Page, studyId: string): Promise<TView> {
  const response = await page.request.get(`/api/studies/${studyId}/view`);
  expect(response.status()).toBe(200);
  return (await response.json()) as TView;
}

test("[REPORT] a radiologist records an L5-S1 extrusion and its AP depth with the keyboard, signs, and PDF, SR and FHIR say exactly that", async ({ page }) => {
  test.setTimeout(240_000);
  await loginInBrowser(page, "RADIOLOGIST");
  const rows = (await (await page.request.get("/api/worklist")).json()) as { rows: Array<{ id: string; patientId: string }> };
  const studyId = rows.rows.find((r) => r.patientId === "PH000104")!.id;
  await page.goto(`/studies/${studyId}`);
  await expect(page.getByTestId("viewer")).toBeVisible({ timeout: 45_000 });
  await page.waitForFunction(() => (window.__discernViewer?.firstImageMs ?? null) !== null, undefined, { timeout: 45_000 });
  await page.keyboard.press("s");
  await expect(page.getByTestId("reading-status")).toContainText("in progress", { timeout: 30_000 });
  await page.waitForFunction(() => (window.__discernViewer?.firstImageMs ?? null) !== null, undefined, { timeout: 45_000 });

  // 5: the axial slice nearest L5-S1; F: its finding editor takes the keyboard; H E R 3.
  await page.keyboard.press("5");
  await expect(page.getByTestId("pane-axial")).toHaveAttribute("data-transform", /.+/);
  await page.keyboard.press("f");
  await expect(page.getByTestId("finding-editor")).toBeFocused();
  for (const key of ["h", "e", "r", "3"]) await page.keyboard.press(key);
  await expect(page.getByTestId("finding-sentence")).toHaveText("L5-S1: right subarticular disc extrusion, severe canal compromise.");
  await page.keyboard.press("Escape");

  // M: herniation AP depth; one vertical drag of 9 mm on the axial image (rows × row spacing).
  const shown = await view(page, studyId);
  const pane = page.getByTestId("pane-axial");
  const scale = await paneScale(pane);
  const axialImages = shown.axial.flatMap((s) => s.images);
  const image = axialImages.find((i) => i.geometry)!;
  const rowSpacing = image.geometry!.pixelSpacing[0];
  const dyScreen = Math.round((9 / rowSpacing) * scale);
  const expectedMm = (dyScreen / scale) * rowSpacing;
  expect(Math.abs(expectedMm - 9)).toBeLessThan(0.25);
  const label = `AP ${Number((Math.round(expectedMm * 10) / 10).toFixed(1))} mm`;
  await page.keyboard.press("m");
  // Start away from the disc ROI (drawn around the disc, mid-image), so the drag starts on the image itself.
  await dragBy(page, await imageToScreen(pane, [image.columns * 0.2, image.rows * 0.15]), [0, dyScreen]);
  await page.keyboard.press("f");
  await expect(page.getByTestId("finding-lengths")).toContainText(label);
  await expect(page.getByTestId("finding-sentence")).toHaveText(`L5-S1: right subarticular disc extrusion, severe canal compromise, ${label}.`);
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/refined.png`, fullPage: true });

  const saved = await view(page, studyId);
  expect(saved.annotations.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L5-S1")?.data).toMatchObject({
    diagnosis: "herniation",
    finding: { vocabulary: "NASS-ASSR-ASNR 2014", disc: { contour: "herniation", type: "extrusion", zone: "subarticular-right", canalCompromise: "severe" } },
  });
  expect(saved.annotations.filter((a) => a.kind === "LENGTH")).toHaveLength(1);

  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await page.getByTestId("confirm-ok").click(); // the confirmation with a summary (issue 17)
  await expect(page.getByTestId("reading-status")).toContainText(/\bsigned\b/, { timeout: 30_000 });
  const sentence = `L5-S1: right subarticular disc extrusion, severe canal compromise, ${label}.`;

  const tmp = mkdtempSync(path.join(os.tmpdir(), "e2e-report-"));
  try {
    const pdf = await page.request.get(`/api/studies/${studyId}/report`);
    expect(pdf.status()).toBe(200);
    writeFileSync(path.join(tmp, "r.pdf"), await pdf.body());
    expect(execFileSync("/usr/bin/pdftotext", ["-layout", path.join(tmp, "r.pdf"), "-"], { encoding: "utf8" })).toContain(sentence);
    const sr = await page.request.get(`/api/studies/${studyId}/report.sr.dcm`);
    expect(sr.status()).toBe(200);
    expect((await sr.body()).toString("latin1")).toContain(sentence);
    const fhir = (await (await page.request.get(`/api/studies/${studyId}/report.fhir.json`)).json()) as { entry: Array<{ fullUrl: string; resource: { resourceType: string; bodySite?: { text: string }; valueCodeableConcept?: { text: string } } }> };
    expect(fhir.entry.find((e) => e.resource.resourceType === "Observation" && e.resource.bodySite?.text === "L5-S1")?.resource.valueCodeableConcept?.text).toBe(sentence);
    for (const e of fhir.entry) expect(e.fullUrl).toMatch(/^urn:uuid:/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
