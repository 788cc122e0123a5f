import { expect, test, type Page } from "@playwright/test";
import type { ImageGeometry } from "../../lib/dicom/types";
import { referenceLine } from "../../lib/geometry/reference-line";
import { dragBy, imageToScreen, loginInBrowser, paneScale } from "./helpers";

/**
 * The viewer's interaction model (issue 17) through the real server on the seeded phantom study
 * PH000102 (lib/review/seed-review-demo.ts; the review spec's conflict test leaves it held by
 * the demo radiologist, in progress; on a fresh database this spec starts that reading itself).
 * Nothing here writes an annotation: the default gestures must not.
 */
interface TViewAnnotation {
  kind: string;
  key: string;
  revisionId: string;
  source: "AI" | "HUMAN";
  data: { box?: [number, number, number, number] };
}

async function studyIdOf(page: Page, patientId: string): Promise<string> {
  const rows = (await (await page.request.get("/api/worklist")).json()) as { rows: Array<{ id: string; patientId: string }> };
  return rows.rows.find((r) => r.patientId === patientId)!.id;
}

async function annotations(page: Page, studyId: string): Promise<TViewAnnotation[]> {
  const response = await page.request.get(`/api/studies/${studyId}/view`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { annotations: TViewAnnotation[] }).annotations;
}

/** Opens PH000102 with the radiologist's own reading open (editable), images drawn. */
async function openEditable(page: Page): Promise<string> {
  await loginInBrowser(page, "RADIOLOGIST");
  const studyId = await studyIdOf(page, "PH000102");
  await page.goto(`/studies/${studyId}`);
  await expect(page.getByTestId("viewer")).toBeVisible({ timeout: 45_000 });
  await page.waitForFunction(() => (window.__discernViewer?.firstImageMs ?? null) !== null, undefined, { timeout: 45_000 });
  if (await page.getByTestId("start-reading").isVisible()) {
    await page.keyboard.press("s");
    await expect(page.getByTestId("reading-status")).toContainText("in progress", { timeout: 30_000 });
    await page.waitForFunction(() => (window.__discernViewer?.firstImageMs ?? null) !== null, undefined, { timeout: 45_000 });
  }
  await expect(page.getByTestId("tool-edit")).toBeEnabled();
  return studyId;
}

/** The 1-based slice shown in the right pane ("Axial 3/5 · …", "Sagittal 8/15 …"). */
const axialIndex = async (page: Page) => Number(/(\d+)\//.exec((await page.getByTestId("pane-axial").locator(".viewport-label").textContent()) ?? "")?.[1]);

test("[VIEWER] default tool: left-drag on an AI box changes window/level and moves no annotation", async ({ page }) => {
  test.setTimeout(120_000);
  const studyId = await openEditable(page);
  const before = await annotations(page, studyId);
  const l4 = before.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
  await expect(page.getByTestId("tool-default")).toHaveAttribute("aria-pressed", "true");

  // Show the sagittal slice that carries L4 (the vertebra list selects it and scrolls there).
  await page.getByRole("button", { name: "L4", exact: true }).click();
  const pane = page.getByTestId("pane-sagittal");
  const info = pane.locator(".viewport-info");
  const wlBefore = await info.textContent();
  const [x0, y0, x1, y1] = l4.data.box!;
  await dragBy(page, await imageToScreen(pane, [(x0 + x1) / 2, (y0 + y1) / 2]), [40, 30]);
  await expect(info).not.toHaveText(wlBefore ?? "");

  // Past the autosave debounce: nothing was saved and the box is the AI's, where it was.
  await page.waitForTimeout(2_000);
  const after = await annotations(page, studyId);
  const l4After = after.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
  expect([l4After.revisionId, l4After.source, l4After.data.box]).toEqual([l4.revisionId, l4.source, l4.data.box]);
  expect(after.map((a) => a.revisionId).sort()).toEqual(before.map((a) => a.revisionId).sort());
});

test("[VIEWER] hotkeys switch tools, invert, reset, zoom and help", async ({ page }) => {
  test.setTimeout(120_000);
  await openEditable(page);
  const axial = page.getByTestId("pane-axial");
  for (const [key, tool] of [["w", "window"], ["p", "pan"], ["z", "zoom"], ["e", "edit"], ["b", "draw"], ["m", "length"]] as const) {
    await page.keyboard.press(key);
    await expect(page.getByTestId(`tool-${tool}`)).toHaveAttribute("aria-pressed", "true");
    await expect(axial).toHaveAttribute("data-tool", tool);
  }
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("tool-default")).toHaveAttribute("aria-pressed", "true");
  await expect(axial).toHaveAttribute("data-tool", "default");

  await page.keyboard.press("i");
  await expect(axial).toHaveAttribute("data-invert", "1");

  // Right-drag upwards zooms in, in the default tool.
  const box = (await axial.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down({ button: "right" });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 60, { steps: 6 });
  await page.mouse.up({ button: "right" });
  expect(Number(await axial.getAttribute("data-zoom"))).toBeGreaterThan(1.5);

  await page.keyboard.press("r");
  await expect(axial).toHaveAttribute("data-invert", "0");
  await expect(axial).toHaveAttribute("data-zoom", "1.000");

  await page.keyboard.press("?");
  await expect(page.getByTestId("hotkey-help")).toBeVisible();
  await expect(page.getByTestId("hotkey-help")).toContainText("Window/level");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("hotkey-help")).toBeHidden();

  // Orientation letters on both panes, opposite edges different.
  for (const id of ["pane-axial", "pane-sagittal"]) {
    const left = (await page.getByTestId(id).getByTestId("orient-left").textContent()) ?? "";
    const right = (await page.getByTestId(id).getByTestId("orient-right").textContent()) ?? "";
    expect(left).toMatch(/^[RLAPHF]+$/);
    expect(right).toMatch(/^[RLAPHF]+$/);
    expect(left[0]).not.toBe(right[0]);
  }
});

test("[VIEWER] the wheel steps one slice per notch; small trackpad deltas accumulate; a flick is not a jump", async ({ page }) => {
  test.setTimeout(120_000);
  await openEditable(page);
  const axial = page.getByTestId("pane-axial");
  // Axial stacks have 3–5 slices (one stack per disc): scroll the 15-slice sagittal, opened in this pane.
  const sagittalKey = (await page.getByTestId("pane-sagittal").getAttribute("data-series-key"))!;
  await page.locator(`[data-testid=series-row][data-key="${sagittalKey}"]`).getByTestId("series-open-right").click();
  await expect(axial).toHaveAttribute("data-series-key", sagittalKey);
  const box = (await axial.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const start = await axialIndex(page);
  expect(start).toBeGreaterThan(2);

  await page.mouse.wheel(0, 100);
  await expect.poll(() => axialIndex(page)).toBe(start + 1);
  await page.mouse.wheel(0, -100);
  await expect.poll(() => axialIndex(page)).toBe(start);

  // Ten 10 px trackpad deltas = 100 px = one slice.
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 10);
  await expect.poll(() => axialIndex(page)).toBe(start + 1);

  // Three large momentum deltas move three slices, not eighteen.
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -600);
  await expect.poll(() => axialIndex(page)).toBe(start - 2);
});

test("[VIEWER] a click on an axial reference line on the sagittal image shows that slice", async ({ page }) => {
  test.setTimeout(120_000);
  const studyId = await openEditable(page);
  const view = (await (await page.request.get(`/api/studies/${studyId}/view`)).json()) as {
    sagittal: { images: Array<{ sopInstanceUid: string; geometry: ImageGeometry }> };
    axial: Array<{ images: Array<{ sopInstanceUid: string; geometry: ImageGeometry }> }>;
  };
  const pane = page.getByTestId("pane-sagittal");
  const sagIndex = Number(/Sagittal (\d+)\//.exec((await pane.locator(".viewport-label").textContent()) ?? "")?.[1]);
  const sag = view.sagittal.images[sagIndex - 1]!;
  const axial = view.axial.flatMap((s) => s.images);
  const lines = axial.map((a) => referenceLine(sag.geometry, a.geometry));
  // A slice away from the one shown whose line has no other line within 2 px at its midpoint.
  const shownKey = await page.getByTestId("pane-axial").getAttribute("data-image-key");
  const current = axial.findIndex((a) => a.sopInstanceUid === shownKey) + 1;
  const mid = (l: NonNullable<(typeof lines)[number]>): [number, number] => [(l[0][0] + l[1][0]) / 2, (l[0][1] + l[1][1]) / 2];
  const target = lines.findIndex((l, i) => {
    if (!l || Math.abs(i + 1 - current) < 3) return false;
    const [mx, my] = mid(l);
    return lines.every((o, j) => j === i || !o || Math.abs((o[1][1] - o[0][1]) * mx - (o[1][0] - o[0][0]) * my + o[1][0] * o[0][1] - o[1][1] * o[0][0]) / Math.hypot(o[1][0] - o[0][0], o[1][1] - o[0][1]) > 2);
  });
  expect(target).toBeGreaterThanOrEqual(0);
  const [mx, my] = mid(lines[target]!);
  await page.mouse.click(...(await imageToScreen(pane, [mx, my])));
  // The right pane shows that slice (switching to its axial stack: each stack is shown on its own).
  await expect(page.getByTestId("pane-axial")).toHaveAttribute("data-image-key", axial[target]!.sopInstanceUid);
});

test("[VIEWER] a box moved in the edit tool is one history line with only the slice levels it changed, undone in one step", async ({ page }) => {
  test.setTimeout(120_000);
  const studyId = await openEditable(page);
  const before = await annotations(page, studyId);
  const l2 = before.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L2")!;
  const levelsBefore = new Map(before.filter((a) => a.kind === "SLICE_LEVEL").map((a) => [a.key, a] as const));

  await page.keyboard.press("e");
  await page.getByRole("button", { name: "L2", exact: true }).click();
  const pane = page.getByTestId("pane-sagittal");
  const [x0, y0, x1, y1] = l2.data.box!;
  await dragBy(page, await imageToScreen(pane, [(x0 + x1) / 2, (y0 + y1) / 2]), [0, 10 * (await paneScale(pane))]);
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });

  const after = await annotations(page, studyId);
  expect(after.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L2")!.data.box![1]).toBeGreaterThan(y0 + 6);
  // Every slice level written by this edit changed its level (or flags); none only its distance.
  const written = after.filter((a) => a.kind === "SLICE_LEVEL" && a.revisionId !== levelsBefore.get(a.key)?.revisionId);
  for (const a of written) {
    const old = levelsBefore.get(a.key)?.data as { level?: string | null; flags?: string[] } | undefined;
    const now = a.data as { level?: string | null; flags?: string[] };
    expect(now.level !== old?.level || JSON.stringify(now.flags) !== JSON.stringify(old?.flags)).toBe(true);
  }
  const history = page.getByTestId("history");
  const line = history.locator("li[data-source=HUMAN]", { hasText: "vertebra box L2" }).first();
  await expect(line).toContainText("(was "); // "(was AI [" on a fresh database
  await expect(line).toHaveAttribute("data-group-size", String(1 + written.length), { timeout: 15_000 });

  // Ctrl+Z undoes the move and its slice levels together.
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  const undone = await annotations(page, studyId);
  expect(undone.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L2")!.data.box).toEqual(l2.data.box);
  for (const a of written) expect((undone.find((u) => u.kind === "SLICE_LEVEL" && u.key === a.key)!.data as { level?: string | null }).level).toBe((levelsBefore.get(a.key)?.data as { level?: string | null }).level);
});
