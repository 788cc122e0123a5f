import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { loginInBrowser } from "./helpers";

/**
 * The review journey through the real server on the seeded phantom studies (lib/review/
 * seed-review-demo.ts: PH000101 is signed here, PH000102 is the conflict test's), plus the
 * conflict case and an axe check. Screenshots go to test-results/review/ as artifacts.
 */
const SHOTS = "test-results/review";

interface TViewAnnotation {
  kind: string;
  key: string;
  revisionId: string;
  source: "AI" | "HUMAN";
  data: Record<string, unknown> & { box?: [number, number, number, number]; diagnosis?: string; distanceMm?: number | null; level?: string | null };
}
interface TView {
  study: { id: string; reviewState: string };
  reading: { id: string; status: string } | null;
  annotations: TViewAnnotation[];
  ai: TViewAnnotation[];
  midSagittalUid: string | null;
}

async function openStudyFromWorklist(page: Page, patientId: string): Promise<string> {
  await page.goto("/worklist");
  const table = page.getByTestId("worklist");
  await table.focus();
  // Keyboard only: move down until the study's row is selected, then Enter.
  for (let i = 0; i < 30; i++) {
    if (((await table.locator("tr.selected").textContent()) ?? "").includes(patientId)) break;
    await page.keyboard.press("ArrowDown");
  }
  await expect(table.locator("tr.selected")).toContainText(patientId);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/studies\//);
  const studyId = page.url().split("/studies/")[1]!.split(/[?#]/)[0]!;
  await waitForImages(page);
  return studyId;
}

async function waitForImages(page: Page): Promise<void> {
  await expect(page.getByTestId("viewer")).toBeVisible({ timeout: 45_000 });
  await page.waitForFunction(() => (window.__discernViewer?.firstImageMs ?? null) !== null, undefined, { timeout: 45_000 });
}

async function view(page: Page, studyId: string): Promise<TView> {
  const response = await page.request.get(`/api/studies/${studyId}/view`);
  expect(response.status()).toBe(200);
  return (await response.json()) as TView;
}

test("[REVIEW] a radiologist corrects a vertebra box and a diagnosis, signs, and the history keeps the AI original", async ({ page }) => {
  test.setTimeout(180_000);
  await loginInBrowser(page, "RADIOLOGIST");
  const studyId = await openStudyFromWorklist(page, "PH000101");
  await page.screenshot({ path: `${SHOTS}/viewer-opened.png`, fullPage: true });

  const before = await view(page, studyId);
  expect(before.reading?.status).toMatch(/ASSIGNED|IN_PROGRESS/);
  const l4 = before.annotations.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
  expect(l4.source).toBe("AI");
  const aiLevels = new Map(before.annotations.filter((a) => a.kind === "SLICE_LEVEL").map((a) => [a.key, a.data]));

  // Drag the L4 box 12 pixels caudally with the mouse on the konva stage.
  await page.getByRole("button", { name: "L4", exact: true }).click();
  const pane = page.getByTestId("pane-sagittal");
  const [offX, offY, scale] = ((await pane.getAttribute("data-transform")) ?? "0,0,1").split(",").map(Number) as [number, number, number];
  const rect = (await pane.boundingBox())!;
  const [x0, y0, x1, y1] = l4.data.box!;
  const cx = rect.x + offX + ((x0 + x1) / 2) * scale;
  const cy = rect.y + offY + ((y0 + y1) / 2) * scale;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx, cy + 6 * scale, { steps: 4 });
  await page.mouse.move(cx, cy + 12 * scale, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });

  const moved = await view(page, studyId);
  const l4After = moved.annotations.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
  expect(l4After.source).toBe("HUMAN");
  expect(l4After.data.box![1]).toBeGreaterThan(y0 + 8);
  // The slice levels were recomputed in the browser and saved as human revisions.
  const recomputed = moved.annotations.filter((a) => a.kind === "SLICE_LEVEL" && a.source === "HUMAN");
  expect(recomputed.length).toBeGreaterThan(0);
  expect(recomputed.some((a) => a.data.distanceMm !== aiLevels.get(a.key)?.distanceMm || a.data.level !== aiLevels.get(a.key)?.level)).toBe(true);

  // Change the L4-L5 diagnosis.
  const aiDx = before.annotations.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!.data.diagnosis!;
  const newDx = aiDx === "herniation" ? "normal" : "herniation";
  await page.getByLabel("Diagnosis L4-L5").selectOption(newDx);
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  await expect(page.getByTestId("level-L4-L5")).toContainText(`corrected (AI: ${aiDx})`);
  await page.screenshot({ path: `${SHOTS}/viewer-corrected.png`, fullPage: true });

  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await expect(page.getByTestId("reading-status")).toContainText(/\bsigned\b/, { timeout: 30_000 });
  const signed = await view(page, studyId);
  expect(signed.study.reviewState).toBe("SIGNED");

  const history = page.getByTestId("history");
  await expect(history.locator("li[data-source=HUMAN]", { hasText: "vertebra box L4" })).toContainText("(was AI [");
  await expect(history.locator("li[data-source=AI]", { hasText: "vertebra box L4" })).toHaveCount(1);
  await expect(history.locator("li[data-source=HUMAN]", { hasText: "level diagnosis L4-L5" })).toContainText(`${newDx} (was AI ${aiDx})`);
  await expect(history).toContainText("reading signed");
  await page.screenshot({ path: `${SHOTS}/viewer-signed.png`, fullPage: true });

  // Signed: the API refuses further edits.
  const stale = await page.request.post(`/api/readings/${signed.reading!.id}/revisions`, {
    data: { changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: null, data: { level: "L4-L5", diagnosis: "normal" } }] },
  });
  expect(stale.status()).toBe(409);
  expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("STUDY_SIGNED");
});

test("[REVIEW] two browsers edit the same diagnosis: the stale one gets 409 and sees the newer state, nothing is lost", async ({ browser }) => {
  test.setTimeout(240_000);
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  await loginInBrowser(pageA, "RADIOLOGIST");
  await loginInBrowser(pageB, "RADIOLOGIST");
  const studyId = await openStudyFromWorklist(pageA, "PH000102");
  await pageB.goto(`/studies/${studyId}`);
  await waitForImages(pageB);

  const start = await view(pageA, studyId);
  // The head both pages start from (the AI's on a fresh database).
  const aiDx = start.annotations.find((x) => x.kind === "LEVEL_DIAGNOSIS" && x.key === "L3-L4")!;
  const [first, second] = (["normal", "bulge", "herniation"] as const).filter((d) => d !== aiDx.data.diagnosis);

  await pageA.getByLabel("Diagnosis L3-L4").selectOption(first!);
  await expect(pageA.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });

  // B still holds the AI revision as its base.
  await pageB.getByLabel("Diagnosis L3-L4").selectOption(second!);
  await expect(pageB.getByTestId("save-status")).toHaveText("Conflict — reloaded", { timeout: 15_000 });
  await expect(pageB.getByRole("alert").first()).toContainText(/changed/);
  await expect(pageB.getByLabel("Diagnosis L3-L4")).toHaveValue(first!);
  await pageB.screenshot({ path: `${SHOTS}/viewer-conflict.png`, fullPage: true });

  const after = await view(pageA, studyId);
  const head = after.annotations.find((x) => x.kind === "LEVEL_DIAGNOSIS" && x.key === "L3-L4")!;
  expect(head.data.diagnosis).toBe(first);
  // The API answers a stale base with 409 and the current state.
  const response = await pageA.request.post(`/api/readings/${after.reading!.id}/revisions`, {
    data: { changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L3-L4", baseRevisionId: aiDx.revisionId, data: { level: "L3-L4", diagnosis: second } }] },
  });
  expect(response.status()).toBe(409);
  const body = (await response.json()) as { error: { code: string; details: { conflicts: Array<{ current: { revisionId: string } }> } } };
  expect(body.error.code).toBe("CONFLICT");
  expect(body.error.details.conflicts[0]!.current.revisionId).toBe(head.revisionId);
  // B can now correct on top of A's revision: nothing was lost, both are in the history.
  await pageB.getByLabel("Diagnosis L3-L4").selectOption(second!);
  await expect(pageB.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  const history = (await (await pageA.request.get(`/api/studies/${studyId}/history`)).json()) as { revisions: Array<{ kind: string; key: string; source: string; data: { diagnosis?: string } }> };
  const dx = history.revisions.filter((r) => r.kind === "LEVEL_DIAGNOSIS" && r.key === "L3-L4").map((r) => `${r.source}:${r.data.diagnosis}`);
  expect(dx[0]).toMatch(/^AI:/);
  expect(dx.slice(-3)).toEqual([`${aiDx.source}:${aiDx.data.diagnosis}`, `HUMAN:${first}`, `HUMAN:${second}`]);
  await a.close();
  await b.close();
});

type TViolations = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"];
const serious = (violations: TViolations) =>
  violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);

test("[REVIEW] axe: the worklist and the viewer have no serious or critical violations", async ({ page }) => {
  test.setTimeout(180_000);
  await loginInBrowser(page, "RADIOLOGIST");
  await page.goto("/worklist");
  await expect(page.getByTestId("worklist")).toBeVisible();
  const worklist = await new AxeBuilder({ page }).analyze();
  expect(serious(worklist.violations)).toEqual([]);
  await page.getByTestId("worklist").locator("tbody tr a").first().click();
  await waitForImages(page);
  const viewer = await new AxeBuilder({ page }).exclude("canvas").analyze();
  expect(serious(viewer.violations)).toEqual([]);
});
