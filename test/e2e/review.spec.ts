import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { dragBy, imageToScreen, loginApi, loginInBrowser, paneScale } from "./helpers";

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
  reading: { id: string; status: string; role: string } | null;
  holder: { readingId: string; readerName: string | null; since: string } | null;
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

/** Starts one's reading with the viewer's hotkey (S); the page reloads with the reading open. */
async function startReading(page: Page): Promise<void> {
  await expect(page.getByTestId("start-reading")).toBeVisible();
  await page.keyboard.press("s");
  await expect(page.getByTestId("reading-status")).toContainText("primary · in progress", { timeout: 30_000 });
  await waitForImages(page);
}

async function studyIdOf(page: Page, patientId: string): Promise<string> {
  const rows = (await (await page.request.get("/api/worklist")).json()) as { rows: Array<{ id: string; patientId: string }> };
  return rows.rows.find((r) => r.patientId === patientId)!.id;
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

  // Viewing claims nothing: the viewer shows the AI's reading until the reader starts one.
  expect((await view(page, studyId)).reading?.role).toBe("AI");
  await startReading(page);
  const before = await view(page, studyId);
  expect(before.reading).toMatchObject({ role: "PRIMARY", status: "IN_PROGRESS" });
  const l4 = before.annotations.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
  expect(l4.source).toBe("AI");
  const aiLevels = new Map(before.annotations.filter((a) => a.kind === "SLICE_LEVEL").map((a) => [a.key, a.data]));

  // Drag the L4 box 12 pixels caudally with the mouse on the konva stage, in the edit tool (E):
  // in the default tool a left-drag is window/level and moves no box (issue 17).
  await page.keyboard.press("e");
  await expect(page.getByTestId("tool-edit")).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "L4", exact: true }).click();
  const pane = page.getByTestId("pane-sagittal");
  const [x0, y0, x1, y1] = l4.data.box!;
  await dragBy(page, await imageToScreen(pane, [(x0 + x1) / 2, (y0 + y1) / 2]), [0, 12 * (await paneScale(pane))]);
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });

  const moved = await view(page, studyId);
  const l4After = moved.annotations.find((a) => a.kind === "VERTEBRA_BOX" && a.key === "L4")!;
  expect(l4After.source).toBe("HUMAN");
  expect(l4After.data.box![1]).toBeGreaterThan(y0 + 8);
  // The slice levels were recomputed in the browser and saved as human revisions.
  const recomputed = moved.annotations.filter((a) => a.kind === "SLICE_LEVEL" && a.source === "HUMAN");
  // Only slices whose level (or flags) changed are recorded: no distance-only revisions (issue 17).
  for (const a of recomputed) {
    const ai = aiLevels.get(a.key) as { level?: string | null; flags?: string[] } | undefined;
    expect(a.data.level !== ai?.level || JSON.stringify((a.data as { flags?: string[] }).flags) !== JSON.stringify(ai?.flags)).toBe(true);
  }

  // Change the L4-L5 diagnosis.
  const aiDx = before.annotations.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!.data.diagnosis!;
  const newDx = aiDx === "herniation" ? "normal" : "herniation";
  await page.getByLabel("Diagnosis L4-L5").selectOption(newDx);
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  await expect(page.getByTestId("level-L4-L5")).toContainText(`corrected (AI: ${aiDx})`);
  await page.screenshot({ path: `${SHOTS}/viewer-corrected.png`, fullPage: true });

  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await page.getByTestId("confirm-ok").click(); // the confirmation with a summary (issue 17)
  await expect(page.getByTestId("reading-status")).toContainText(/\bsigned\b/, { timeout: 30_000 });
  const signed = await view(page, studyId);
  expect(signed.study.reviewState).toBe("SIGNED");

  const history = page.getByTestId("history");
  await expect(history.locator("li[data-source=HUMAN]", { hasText: "vertebra box L4" })).toContainText("(was AI [");
  await expect(history.locator("li[data-source=AI]", { hasText: "vertebra box L4" })).toHaveCount(1);
  // The history speaks the 2014 nomenclature's sentences (docs/findings.md), written out here by hand.
  const phrase: Record<string, string> = { normal: "normal disc contour.", bulge: "disc bulge.", herniation: "disc herniation." };
  await expect(history.locator("li[data-source=HUMAN]", { hasText: "level diagnosis L4-L5" })).toContainText(`level diagnosis L4-L5: ${phrase[newDx]} (was AI ${phrase[aiDx]})`);
  await expect(history).toContainText("reading signed");
  await page.screenshot({ path: `${SHOTS}/viewer-signed.png`, fullPage: true });

  // Signed: the API refuses further edits.
  const stale = await page.request.post(`/api/readings/${signed.reading!.id}/revisions`, {
    data: { changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: null, data: { level: "L4-L5", diagnosis: "normal" } }] },
  });
  expect(stale.status()).toBe(409);
  expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("STUDY_SIGNED");

  // The worklist shows the signed findings, not the AI's.
  await page.goto("/worklist");
  const row = page.getByTestId("worklist").locator("tr", { hasText: "PH000101" });
  await expect(row.locator(".chips")).toHaveAttribute("data-source", "SIGNED");
  await expect(row.locator(".chips")).toContainText(`L4-L5 ${newDx[0]!.toUpperCase()}`);
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
  await startReading(pageA);
  // The same reader in a second browser opens their own reading, editable.
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

async function newReader(browser: Browser, email: string, name: string): Promise<Page> {
  const admin = await browser.newContext();
  await loginApi(admin.request, "ADMIN");
  const created = await admin.request.post("/api/users", { data: { email, name, role: "RADIOLOGIST", password: "second-reader-pw-2026" } });
  expect([201, 200, 409]).toContain(created.status());
  await admin.close();
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("second-reader-pw-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("who")).toContainText(name);
  return page;
}

test("[REVIEW] one reader at a time, final signatures, amendments with a reason, and stored report bytes", async ({ browser, page }) => {
  test.setTimeout(240_000);
  const rob = await newReader(browser, "rob.second@discern.local", "Rob Second");
  // PH000102 is held by Rita (the conflict test): Rob sees it read-only, with who and since when.
  const heldId = await studyIdOf(rob, "PH000102");
  await rob.goto(`/studies/${heldId}`);
  await waitForImages(rob);
  await expect(rob.getByTestId("read-only-banner")).toContainText(/Rita Radiologist has held this study since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(rob.getByTestId("start-reading")).toHaveCount(0);
  await rob.screenshot({ path: `${SHOTS}/viewer-read-only.png`, fullPage: true });
  const held = await view(rob, heldId);
  const start = await rob.request.post(`/api/studies/${heldId}/reading`);
  expect(start.status()).toBe(409);
  expect(((await start.json()) as { error: { message: string } }).error.message).toContain("Rita Radiologist has held this study's reading since");
  expect((await rob.request.post(`/api/readings/${held.holder!.readingId}/sign`, { data: {} })).status()).toBe(403);

  // PH000101 was signed by Rita: nobody signs or starts it again; Rob cannot amend her report.
  const signedId = await studyIdOf(rob, "PH000101");
  const signedView = await view(rob, signedId);
  expect((await rob.request.post(`/api/studies/${signedId}/reading`)).status()).toBe(409);
  expect((await rob.request.post(`/api/readings/${signedView.reading!.id}/sign`, { data: {} })).status()).toBe(403);
  expect((await rob.request.post(`/api/readings/${signedView.reading!.id}/amend`, { data: { reason: "I disagree at L4-L5" } })).status()).toBe(403);
  // The report is the stored bytes: identical on every download, for every reader.
  const first = await rob.request.get(`/api/studies/${signedId}/report`);
  const second = await rob.request.get(`/api/studies/${signedId}/report`);
  expect(first.status()).toBe(200);
  expect((await first.body()).equals(await second.body())).toBe(true);
  expect(first.headers()["etag"]).toBe(second.headers()["etag"]);

  // Rita amends through the viewer, with a reason; the amendment gets its own report, the old one stays.
  await loginInBrowser(page, "RADIOLOGIST");
  await page.goto(`/studies/${signedId}`);
  await waitForImages(page);
  await page.getByRole("button", { name: "Amend…" }).click();
  await page.getByLabel("Reason for the amendment").fill("L3-L4 re-read on the thinner slices");
  await page.getByRole("button", { name: "Start amendment" }).click();
  await page.getByTestId("confirm-ok").click(); // the confirmation with a summary (issue 17)
  await expect(page.getByTestId("reading-status")).toContainText("amendment", { timeout: 30_000 });
  await waitForImages(page);
  await expect(page.getByTestId("amend-reason")).toContainText("L3-L4 re-read on the thinner slices");
  const amendment = await view(page, signedId);
  const l34 = amendment.annotations.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L3-L4")!.data.diagnosis!;
  await page.getByLabel("Diagnosis L3-L4").selectOption(l34 === "bulge" ? "normal" : "bulge");
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 15_000 });
  await page.getByRole("button", { name: "Sign amendment" }).click();
  await page.getByTestId("confirm-ok").click(); // the confirmation with a summary (issue 17)
  await expect(page.getByTestId("earlier-reports")).toBeVisible({ timeout: 30_000 });
  const amended = await page.request.get(`/api/studies/${signedId}/report`);
  expect((await amended.body()).equals(await first.body())).toBe(false);
  const reports = (await (await page.request.get(`/api/studies/${signedId}/reports`)).json()) as { reports: Array<{ reportId: string; format: string; current: boolean }> };
  const old = reports.reports.find((r) => r.format === "pdf" && !r.current)!;
  expect((await (await page.request.get(`/api/studies/${signedId}/reports/${old.reportId}`)).body()).equals(await first.body())).toBe(true);
  await page.screenshot({ path: `${SHOTS}/viewer-amended.png`, fullPage: true });
  await rob.context().close();
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
