import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
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
