import { expect, test, type Locator, type Page } from "@playwright/test";
import { loginInBrowser } from "./helpers";

/**
 * The series browser, maximise, cine and the hanging protocol (issue 17.2) through the real server
 * on the seeded phantom study PH000101 (lib/review/seed-review-demo.ts: a T2 sagittal and one
 * axial T2 series per disc). Read only: nothing here starts a reading or writes an annotation.
 */
interface TSeries {
  key: string;
  plane: string;
  description: string | null;
  levels: string[];
  images: Array<{ key: string }>;
}

async function open(page: Page): Promise<TSeries[]> {
  await loginInBrowser(page, "RADIOLOGIST");
  const rows = (await (await page.request.get("/api/worklist")).json()) as { rows: Array<{ id: string; patientId: string }> };
  const studyId = rows.rows.find((r) => r.patientId === "PH000101")!.id;
  const view = (await (await page.request.get(`/api/studies/${studyId}/view`)).json()) as { series: TSeries[] };
  await page.goto(`/studies/${studyId}`);
  await expect(page.getByTestId("viewer")).toBeVisible({ timeout: 45_000 });
  await page.waitForFunction(() => (window.__discernViewer?.firstImageMs ?? null) !== null, undefined, { timeout: 45_000 });
  return view.series;
}

/** "Axial 3/5 · L4-L5 — …" → [3, 5]. */
async function position(pane: Locator): Promise<[number, number]> {
  const m = /(\d+)\/(\d+)/.exec((await pane.locator(".viewport-label").textContent()) ?? "");
  return [Number(m?.[1]), Number(m?.[2])];
}

test("[VIEWER] the series browser lists every series; opening another stack changes the pane's slices and count", async ({ page }) => {
  test.setTimeout(120_000);
  const series = await open(page);
  const axial = series.filter((s) => s.plane === "AXIAL");
  // The seeded study: one sagittal, five axial stacks (one per disc), each listed on its own.
  expect(series.filter((s) => s.plane === "SAGITTAL")).toHaveLength(1);
  expect(axial).toHaveLength(5);
  const rows = page.getByTestId("series-row");
  await expect(rows).toHaveCount(series.length);
  for (const [i, s] of series.entries()) {
    await expect(rows.nth(i)).toHaveAttribute("data-key", s.key);
    await expect(rows.nth(i).getByTestId("series-count")).toHaveText(String(s.images.length));
    if (s.description) await expect(rows.nth(i)).toContainText(s.description);
  }
  // Each axial stack shows its own disc level(s).
  for (const s of axial) expect(s.levels.length).toBeGreaterThan(0);
  await expect(rows.filter({ hasText: "L5-S1" }).first()).toBeVisible();

  // Hanging protocol: sagittal left, an axial stack right.
  const left = page.getByTestId("pane-sagittal");
  const right = page.getByTestId("pane-axial");
  await expect(left).toHaveAttribute("data-series-key", series.find((s) => s.plane === "SAGITTAL")!.key);
  const shownKey = (await right.getAttribute("data-series-key"))!;
  expect(axial.map((s) => s.key)).toContain(shownKey);

  // Open another axial stack in the right pane: its slices, its count.
  const other = axial.find((s) => s.key !== shownKey)!;
  await page.locator(`[data-testid=series-row][data-key="${other.key}"]`).getByTestId("series-open-right").click();
  await expect(right).toHaveAttribute("data-series-key", other.key);
  await expect.poll(async () => (await position(right))[1]).toBe(other.images.length);
  expect(other.images.map((i) => i.key)).toContain(await right.getAttribute("data-image-key"));
  await expect(page.locator(`[data-testid=series-row][data-key="${other.key}"]`)).toHaveAttribute("data-shown", "right");

  // Any series is viewable in either pane: the sagittal in the right pane, 15 slices, ↑/↓ moves within it.
  const sagittal = series.find((s) => s.plane === "SAGITTAL")!;
  await page.locator(`[data-testid=series-row][data-key="${sagittal.key}"]`).getByTestId("series-open-right").click();
  await expect(right).toHaveAttribute("data-series-key", sagittal.key);
  await expect(right.locator(".viewport-label")).toContainText(`/${sagittal.images.length}`);
  const [before] = await position(right);
  await page.keyboard.press(before > 1 ? "ArrowUp" : "ArrowDown");
  await expect.poll(async () => (await position(right))[0]).toBe(before > 1 ? before - 1 : before + 1);

  // 1–5 jump to a level: the right pane opens that level's axial stack (hanging protocol).
  await page.keyboard.press("1");
  const l1 = axial.find((s) => s.levels.includes("L1-L2"))!;
  await expect(right).toHaveAttribute("data-series-key", l1.key);
  await expect(right.locator(".viewport-label")).toContainText("L1-L2");
});

test("[VIEWER] maximise and restore: O, the pane's button, double-click and Esc; the layout is remembered per user", async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  const left = page.getByTestId("pane-sagittal");
  const right = page.getByTestId("pane-axial");
  const width = async (pane: Locator) => (await pane.boundingBox())?.width ?? 0;
  const normal = await width(right);

  // O maximises the active pane (the axial one on opening); O again restores.
  await page.keyboard.press("o");
  await expect(left).toBeHidden();
  await expect.poll(() => width(right)).toBeGreaterThan(normal * 1.6);
  await expect(page.getByTestId("maximise-ax")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("o");
  await expect(left).toBeVisible();
  await expect.poll(() => width(right)).toBeLessThan(normal * 1.1);

  // The left pane's button; Esc restores.
  await page.getByTestId("maximise-sag").click();
  await expect(right).toBeHidden();
  await expect.poll(() => width(left)).toBeGreaterThan(normal * 1.6);
  await page.keyboard.press("Escape");
  await expect(right).toBeVisible();

  // Double-click a pane (reading tool): maximised; again: restored.
  await right.dblclick();
  await expect(left).toBeHidden();
  await right.dblclick();
  await expect(left).toBeVisible();

  // Remembered for this user (localStorage): a reload opens maximised.
  await page.keyboard.press("o");
  await expect(left).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("viewer")).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId("pane-axial")).toBeVisible();
  await expect(page.getByTestId("pane-sagittal")).toBeHidden();
  const stored = await page.evaluate(() => Object.entries(window.localStorage).filter(([k]) => k.startsWith("discern.viewer.layout.v1.")));
  expect(stored).toHaveLength(1);
  expect(JSON.parse(stored[0]![1])).toMatchObject({ maximised: "ax" });
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("pane-sagittal")).toBeVisible();
});

test("[VIEWER] cine plays through the slices of the active pane at the chosen speed; C pauses", async ({ page }) => {
  test.setTimeout(120_000);
  const series = await open(page);
  // Cine over the 15-slice sagittal, in the left pane.
  const left = page.getByTestId("pane-sagittal");
  const count = series.find((s) => s.plane === "SAGITTAL")!.images.length;
  await page.getByTestId("cine-fps-sag").selectOption("10");
  await page.getByTestId("cine-fps-sag").blur(); // keys go to the viewer, not the menu
  await page.keyboard.press("x"); // the left pane becomes the active one
  await expect(left).toHaveClass(/active/);
  await page.keyboard.press("c");
  await expect(page.getByTestId("cine-sag")).toHaveAttribute("aria-pressed", "true");
  // Sampled in the page (a round trip per sample would be slower than the cine on a busy machine).
  const labels = await page.evaluate(async () => {
    const out: string[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < 2_500) {
      out.push(document.querySelector('[data-testid="pane-sagittal"] .viewport-label')?.textContent ?? "");
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    return out;
  });
  const seen = new Set(labels.map((l) => Number(/(\d+)\//.exec(l)?.[1])));
  // 10 fps for 2.5 s: well over 5 distinct slices (allowing for a slow machine), never past the count.
  expect(seen.size).toBeGreaterThan(5);
  expect(Math.max(...seen)).toBeLessThanOrEqual(count);

  await page.keyboard.press("c");
  await expect(page.getByTestId("cine-sag")).toHaveAttribute("aria-pressed", "false");
  const paused = await position(left);
  await page.waitForTimeout(600);
  expect(await position(left)).toEqual(paused);

  // The pane's button plays too; Esc stops.
  await page.getByTestId("cine-sag").click();
  await expect(page.getByTestId("cine-sag")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("cine-sag")).toHaveAttribute("aria-pressed", "false");
});

test("[VIEWER] the hotkey sheet lists maximise and cine", async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  await page.keyboard.press("?");
  const help = page.getByTestId("hotkey-help");
  await expect(help).toContainText("Maximise the active pane");
  await expect(help).toContainText("Cine");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});
