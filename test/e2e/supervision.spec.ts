import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { loginInBrowser } from "./helpers";

/**
 * The supervisor dashboard on the seeded double readings (lib/supervision/seed-supervision-demo:
 * three blinded double-read phantom studies, one agreed, one adjudicated, one awaiting an
 * adjudicator).
 */
test("[SUPERVISION] the dashboard draws the paper's table, heat maps, κ tables, IoU histograms and the label-noise queue", async ({ page }) => {
  await loginInBrowser(page, "SUPERVISOR");
  // The page must show the numbers the API computes; the seed guarantees at least these many.
  const stats = (await (await page.request.get("/api/stats")).json()) as {
    aiVsFinal: Array<{ level: string; n: number; classes: { accuracy: { value: number } } }>;
    readerVsReader: Array<{ level: string; n: number }>;
    labelNoise: Array<{ level: string }>;
    corrections: Array<{ modelVersion: string }>;
  };
  const allAi = stats.aiVsFinal.find((b) => b.level === "ALL")!;
  const allRr = stats.readerVsReader.find((b) => b.level === "ALL")!;
  expect(allAi.n).toBeGreaterThanOrEqual(10);
  expect(allRr.n).toBeGreaterThanOrEqual(15);
  expect(stats.labelNoise.some((n) => n.level === "L5-S1")).toBe(true);

  await page.goto("/supervisor");
  await expect(page.getByRole("heading", { name: "Supervision", level: 1 })).toBeVisible();
  const performance = page.getByTestId("performance-table");
  await expect(performance.locator("tbody tr")).toHaveCount(6);
  const all = performance.locator('tbody tr[data-level="ALL"]');
  await expect(all.locator("td").first()).toHaveText(String(allAi.n));
  await expect(all.locator("td").nth(1)).toContainText(`${(allAi.classes.accuracy.value * 100).toFixed(1)}%`);

  // Figure 4–style heat maps: one per level and ALL (AI against final), one reader against reader.
  const heatmaps = page.getByTestId("heatmap");
  await expect(heatmaps).toHaveCount(7);
  await expect(page.getByRole("img", { name: /L5-S1: final label \(rows\) against AI \(columns\)/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /first reader \(rows\) against second reader/ })).toBeVisible();

  const readers = page.getByTestId("reader-reader-table");
  await expect(readers.locator('tbody tr[data-level="ALL"] td').first()).toHaveText(String(allRr.n));
  await expect(page.getByTestId("reader-ai-table").first()).toBeVisible();
  await expect(page.getByTestId("fleiss-table")).toBeVisible();
  await expect(page.getByTestId("iou-histogram")).toHaveCount(4);
  // The demo's AI readings come from the trained models (issue 11.6), never the phantom's truth:
  // the table names the model versions the API reports.
  expect(stats.corrections.length).toBeGreaterThan(0);
  for (const c of stats.corrections) await expect(page.getByTestId("corrections-table")).toContainText(c.modelVersion);
  await expect(page.getByTestId("corrections-table")).not.toContainText("phantom-truth");
  await expect(page.getByTestId("label-noise-table").locator("tbody tr")).toHaveCount(stats.labelNoise.length);
  await expect(page.getByTestId("label-noise-table")).toContainText("L5-S1");

  // The level filter narrows the table to that level and ALL.
  await page.getByRole("form", { name: "Filters" }).locator('select[name="level"]').selectOption("L4-L5");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/level=L4-L5/);
  await expect(page.getByTestId("performance-table").locator("tbody tr")).toHaveCount(2);
});

test("[SUPERVISION] statistics download as CSV and JSON", async ({ page }) => {
  await loginInBrowser(page, "SUPERVISOR");
  const csv = await page.request.get("/api/stats?format=csv");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("section,level,reader,class,metric,value,ci_lower,ci_upper,n");
  expect(text).toContain("ai_vs_final,ALL,,,cohen_kappa,");
  const json = (await (await page.request.get("/api/stats?format=json&level=L5-S1")).json()) as { schema: string; levels: string[]; labelNoise: unknown[] };
  expect(json.schema).toBe("discern.stats/v1");
  expect(json.levels).toEqual(["L5-S1", "ALL"]);
  expect(json.labelNoise.length).toBeGreaterThanOrEqual(1);
  expect((await page.request.get("/api/stats?level=L9-L10")).status()).toBe(422);
});

test("[SUPERVISION] a supervisor assigns the adjudicator of a study in adjudication", async ({ page }) => {
  await loginInBrowser(page, "SUPERVISOR");
  await page.goto("/supervisor/assign");
  const form = page.getByRole("form", { name: /^Adjudicator for/ }).first();
  await expect(form).toBeVisible();
  await form.getByLabel("Adjudicator").selectOption({ label: "Sam Supervisor (supervisor)" });
  await form.getByRole("button", { name: "Assign adjudicator" }).click();
  await expect(page.getByTestId("assignment-board")).toContainText("adjudication: Sam Supervisor · assigned");
});

test("[SUPERVISION] axe: the dashboard and the assignment board have no serious or critical violations", async ({ page }) => {
  test.setTimeout(120_000);
  await loginInBrowser(page, "SUPERVISOR");
  for (const path of ["/supervisor", "/supervisor/assign"]) {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${path}: ${v.id} (${v.nodes.length})`)).toEqual([]);
  }
});

async function viewerReady(page: Page): Promise<void> {
  await expect(page.getByTestId("viewer")).toBeVisible({ timeout: 45_000 });
  await page.waitForFunction(() => (window.__discernViewer?.firstImageMs ?? null) !== null, undefined, { timeout: 45_000 });
}

async function loginAs(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("who")).toBeVisible();
  return page;
}

interface TStudyApi {
  study: { reviewState: string };
  reading: { id: string; role: string; status: string } | null;
  readings: Array<{ role: string; readerName: string | null }>;
  annotations: Array<{ kind: string; key: string; data: { diagnosis?: string } }>;
}

test("[SUPERVISION] blinded double read with disagreement → adjudication → signed final, all through the UI", async ({ browser }) => {
  test.setTimeout(240_000);
  // The admin adds the second reader through the users page.
  const admin = await browser.newPage();
  await loginInBrowser(admin, "ADMIN");
  await admin.goto("/admin/users");
  const add = admin.getByRole("form", { name: "Add a user" });
  await add.getByLabel("Email").fill("dana.double@discern.local");
  await add.getByLabel("Name").fill("Dana Double");
  await add.getByLabel("Role").selectOption("RADIOLOGIST");
  await add.getByLabel("Initial password").fill("dana-double-2026");
  await add.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByRole("status")).toContainText(/dana\.double@discern\.local/);

  // The supervisor assigns PH000103 blinded-double to Rita and Dana on the assignment board.
  const sam = await browser.newPage();
  await loginInBrowser(sam, "SUPERVISOR");
  const rows = (await (await sam.request.get("/api/worklist")).json()) as { rows: Array<{ id: string; patientId: string }> };
  const studyId = rows.rows.find((r) => r.patientId === "PH000103")!.id;
  await sam.goto("/supervisor/assign");
  const row = sam.locator(`tr[data-study-id="${studyId}"]`);
  await row.getByLabel("Design").selectOption("DOUBLE_BLINDED");
  await row.getByLabel("First reader").selectOption({ label: "Rita Radiologist (radiologist)" });
  await row.getByLabel("Second reader").selectOption({ label: "Dana Double (radiologist)" });
  await row.getByRole("button", { name: /Assign/ }).click();
  await expect(sam.getByTestId("assign-status")).toContainText("Assigned");

  // Rita reads: L4-L5 herniation, signs. The study stays open for the second reader.
  const rita = await browser.newPage();
  await loginInBrowser(rita, "RADIOLOGIST");
  await rita.goto(`/studies/${studyId}`);
  await viewerReady(rita);
  await expect(rita.getByTestId("reading-status")).toContainText("primary");
  await rita.getByLabel("Diagnosis L4-L5").selectOption("herniation");
  await expect(rita.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  await rita.getByRole("button", { name: "Sign", exact: true }).click();
  await rita.getByTestId("confirm-ok").click(); // the confirmation with a summary (issue 17)
  await expect(rita.getByTestId("reading-status")).toContainText(/\bsigned\b/, { timeout: 30_000 });
  expect(((await (await rita.request.get(`/api/studies/${studyId}/view`)).json()) as TStudyApi).study.reviewState).toBe("IN_REVIEW");

  // Dana reads blind: nothing of Rita's reading anywhere (viewer, history, worklist), L4-L5 normal, signs.
  const dana = await loginAs(browser, "dana.double@discern.local", "dana-double-2026");
  await dana.goto(`/studies/${studyId}`);
  await viewerReady(dana);
  await expect(dana.getByTestId("reading-status")).toContainText("second");
  const danaView = (await (await dana.request.get(`/api/studies/${studyId}/view`)).json()) as TStudyApi;
  expect(danaView.readings.map((r) => r.role).sort()).toEqual(["AI", "SECOND"]);
  expect(JSON.stringify(danaView)).not.toContain("Rita");
  expect(danaView.annotations.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")?.data.diagnosis).not.toBe(undefined);
  await expect(dana.getByTestId("history")).not.toContainText("Rita");
  await dana.getByLabel("Diagnosis L4-L5").selectOption("normal");
  await expect(dana.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  await dana.getByRole("button", { name: "Sign", exact: true }).click();
  await dana.getByTestId("confirm-ok").click(); // the confirmation with a summary (issue 17)
  await expect(dana.getByTestId("reading-status")).toContainText(/\bsigned\b/, { timeout: 30_000 });
  const danaRows = (await (await dana.request.get("/api/worklist")).json()) as { rows: Array<{ id: string; assignee: string | null }> };
  expect(JSON.stringify(danaRows.rows.find((r) => r.id === studyId))).not.toContain("Rita");
  expect(((await (await dana.request.get(`/api/studies/${studyId}/view`)).json()) as TStudyApi).study.reviewState).toBe("ADJUDICATION");

  // The supervisor assigns himself as adjudicator, sees both readings side by side with L4-L5
  // marked, takes Rita's value, and signs the final.
  await sam.goto("/supervisor/assign");
  const adjudication = sam.locator(`tr[data-study-id="${studyId}"]`);
  await adjudication.locator('select[name="adjudicator"]').selectOption({ label: "Sam Supervisor (supervisor)" });
  await adjudication.getByRole("button", { name: "Assign adjudicator" }).click();
  await expect(sam.getByTestId("assignment-board")).toContainText("adjudication: Sam Supervisor · assigned");
  await sam.goto(`/studies/${studyId}`);
  await viewerReady(sam);
  const panel = sam.getByTestId("adjudication-panel");
  await expect(panel.getByTestId("adjudicate-L4-L5")).toHaveAttribute("data-disagree", "true");
  await expect(panel.getByTestId("adjudicate-L4-L5")).toContainText("herniation");
  await expect(panel.getByTestId("adjudicate-L4-L5")).toContainText("normal");
  await expect(panel.getByTestId("adjudicate-L3-L4")).toHaveAttribute("data-disagree", "false");
  await sam.screenshot({ path: "test-results/supervision/adjudication.png", fullPage: true });
  await panel.getByRole("button", { name: /^Use Reader 1 .*herniation at L4-L5$/ }).click();
  await expect(sam.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  await expect(panel.getByTestId("final-L4-L5")).toHaveText("herniation");
  await sam.getByRole("button", { name: "Sign final" }).click();
  await sam.getByTestId("confirm-ok").click(); // the confirmation with a summary (issue 17)
  await expect(sam.getByTestId("reading-status")).toContainText(/adjudication · signed/, { timeout: 30_000 });
  const final = (await (await sam.request.get(`/api/studies/${studyId}/view`)).json()) as TStudyApi;
  expect(final.study.reviewState).toBe("SIGNED");
  const pdf = await sam.request.get(`/api/studies/${studyId}/report`);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  // Blinding ends with the final record: Dana now sees both readings.
  const after = (await (await dana.request.get(`/api/studies/${studyId}/view`)).json()) as TStudyApi;
  expect(after.readings.map((r) => r.role).sort()).toEqual(["ADJUDICATION", "AI", "PRIMARY", "SECOND"]);
});
