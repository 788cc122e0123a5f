/**
 * Viewer benchmark (not a test): drives Debian's Chromium through playwright-core against a
 * running server, logs in as the demo radiologist, opens studies from the worklist and prints
 *  - first image on screen: the `viewer:first-image` performance mark, in ms after navigation start
 *    (server-rendered page + scripts + frames) and after `viewer:mounted` (frames + windowing +
 *    konva draw), cold (first visit) and warm (second visit, HTTP cache);
 *    A study that is not measured is opened first in a context of its own (untimed), so that "cold"
 *    is the browser's first visit, not the server's first request of each route;
 *  - first image from a click on the study's worklist row (a full navigation), and the cumulative
 *    layout shift of the page up to just after the first image (target: none);
 *  - slice scrolling: from the top slice, ↓ pressed once per animation frame down every slice and ↑
 *    back up, slices drawn per second, beside the same run's idle animation-frame rate (the ceiling:
 *    one slice per frame), in the left pane's sagittal (13 slices in the e2e seed) and in the axial
 *    stack with the most slices (opened in the right pane through the series browser): the axial
 *    stacks of one level hold only 3–5 slices, too few for a rate.
 *
 *   E2E_BASE_URL=http://127.0.0.1:3100 npx tsx bench/viewer.ts [--studies 2] [--passes 3]
 *
 * Needs the demo logins and pre-annotated studies (npm run demo, or the e2e seed).
 */
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";

const { values } = parseArgs({ options: { studies: { type: "string", default: "2" }, passes: { type: "string", default: "3" } } });
const BASE = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function login(page: Page): Promise<void> {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Email").fill("radiologist@discern.local");
  await page.getByLabel("Password").fill("discern-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("who").waitFor();
}

/**
 * ms from navigation start to the first image, and from the viewer's mount (after the server-rendered page and its
 * scripts) to it; plus the page's cumulative layout shift (Chromium's layout-shift entries, not after input).
 */
async function firstImageMs(page: Page, url: string): Promise<{ fromNavigation: number; fromMount: number; cls: number }> {
  await page.goto(url);
  return firstImageMarks(page);
}

async function firstImageMarks(page: Page): Promise<{ fromNavigation: number; fromMount: number; cls: number }> {
  await page.waitForFunction(`performance.getEntriesByName("viewer:first-image").length > 0`, undefined, { timeout: 60_000, polling: 10 });
  return page.evaluate(`(async () => {
    const first = performance.getEntriesByName("viewer:first-image")[0].startTime;
    const mounted = performance.getEntriesByName("viewer:mounted")[0]?.startTime ?? 0;
    // Let a shift caused by the first image's draw land, then sum them (buffered: the page's whole life).
    await new Promise((r) => setTimeout(r, 300));
    const cls = await new Promise((resolve) => {
      let sum = 0;
      const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; });
      observer.observe({ type: "layout-shift", buffered: true });
      setTimeout(() => { observer.disconnect(); resolve(sum); }, 50);
    });
    return { fromNavigation: first, fromMount: first - mounted, cls };
  })()`);
}

/**
 * ms from a click on the study's worklist row link (a full navigation) to the `viewer:first-image` mark: the click
 * time is kept in sessionStorage across the navigation and compared on the one clock (timeOrigin + mark).
 */
async function fromWorklistClickMs(page: Page, studyId: string): Promise<number> {
  await page.goto(`${BASE}/worklist`);
  const link = page.locator(`[data-testid="worklist"] tbody tr[data-study-id="${studyId}"] a`).first();
  await link.waitFor();
  await page.evaluate(`sessionStorage.setItem("bench.click", String(performance.timeOrigin + performance.now()))`);
  await link.click();
  await page.waitForURL(`**/studies/${studyId}`);
  await firstImageMarks(page);
  return page.evaluate(`performance.timeOrigin + performance.getEntriesByName("viewer:first-image")[0].startTime - Number(sessionStorage.getItem("bench.click"))`);
}

/**
 * Frames drawn per second while ↓/↑ is pressed once per animation frame over the pane's whole stack, and the idle
 * rAF rate. The pane is made active (and, for `stackKey`, shown that stack) through the series browser's ◀ / ▶.
 */
async function scrollFps(page: Page, pane: "sag" | "ax", stackKey: string | null, passes: number): Promise<{ fps: number; idleFps: number; frames: number; slices: number }> {
  const testId = pane === "sag" ? "pane-sagittal" : "pane-axial";
  const rowKey = stackKey ?? (await page.getByTestId(testId).getAttribute("data-series-key"));
  await page.locator(`[data-testid="series-row"][data-key="${rowKey}"] [data-testid="${pane === "sag" ? "series-open-left" : "series-open-right"}"]`).click();
  await page.waitForFunction(`document.querySelector('[data-testid="${testId}"]')?.getAttribute("data-series-key") === ${JSON.stringify(rowKey)}`);
  // Wait until every frame is prefetched (the bench waits for the network to settle).
  await page.waitForLoadState("networkidle");
  // A string, not a function: tsx's transform would wrap inner functions in a helper (__name)
  // that does not exist in the page.
  return page.evaluate(`(async (passCount) => {
    const raf = () => new Promise((r) => requestAnimationFrame(r));
    const title = document.querySelector('[data-testid="${testId}"] .viewport-label')?.textContent ?? "";
    const slices = Number((/\\/(\\d+)/.exec(title) ?? [])[1] ?? 20);
    const idleStart = await raf();
    let idleEnd = idleStart;
    for (let i = 0; i < 60; i++) idleEnd = await raf();
    const idleFps = 60 / ((idleEnd - idleStart) / 1000);
    const press = (key) => window.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    const stats = window.__discernViewer;
    // Untimed: to the top slice, so that every timed press changes the slice.
    for (let i = 0; i < slices; i++) { press("ArrowUp"); await raf(); }
    const drawsBefore = stats.draws;
    const t0 = await raf();
    let t1 = t0;
    for (let p = 0; p < passCount; p++) {
      for (const key of ["ArrowDown", "ArrowUp"]) {
        for (let i = 0; i < slices - 1; i++) {
          press(key);
          t1 = await raf();
        }
      }
    }
    const frames = stats.draws - drawsBefore;
    return { fps: frames / ((t1 - t0) / 1000), idleFps, frames, slices };
  })(${passes})`);
}

/** The key of the axial stack with the most slices (the series browser's rows), or null when none. */
async function largestAxialStack(page: Page): Promise<{ key: string; count: number } | null> {
  return page.evaluate(`(() => {
    const rows = [...document.querySelectorAll('[data-testid="series-row"][data-plane="AXIAL"]')].map((r) => ({ key: r.getAttribute("data-key"), count: Number(r.getAttribute("data-count")) }));
    rows.sort((a, b) => b.count - a.count);
    return rows[0] ?? null;
  })()`);
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
  try {
    // bypassCSP: Playwright's polling predicates evaluate strings in the page, which the app's CSP
    // (no 'unsafe-eval', issue 18) forbids; the bench measures the app, not its policy.
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, bypassCSP: true })).newPage();
    await login(page);
    await page.goto(`${BASE}/worklist`);
    const links = await page.locator('[data-testid="worklist"] tbody tr a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const studies = links.slice(0, Number(values.studies));
    if (studies.length === 0) throw new Error("no studies on the worklist: seed the demo first");
    console.log(`viewer bench against ${BASE} (${studies.length} studies, Chromium ${browser.version()})`);
    // Warm-up (untimed): a study that is not measured, in a page of its own context (own HTTP cache),
    // so that "cold" below means a browser's first visit, not the server's first request of each route.
    const spare = links.length > studies.length ? links[links.length - 1] : undefined;
    if (spare) {
      const warmup = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, bypassCSP: true })).newPage();
      await login(warmup);
      await firstImageMs(warmup, spare);
      await warmup.context().close();
    }
    for (const url of studies) {
      const studyId = url.split("/").pop()!;
      const cold = await firstImageMs(page, url);
      const warm = await firstImageMs(page, url);
      const click = await fromWorklistClickMs(page, studyId);
      const scrolls: string[] = [];
      const sag = await scrollFps(page, "sag", null, Number(values.passes));
      scrolls.push(`sagittal ${sag.fps.toFixed(1)} slices/s over ${sag.frames} draws of ${sag.slices} slices (idle rAF ${sag.idleFps.toFixed(1)}/s)`);
      const largest = await largestAxialStack(page);
      if (largest) {
        const ax = await scrollFps(page, "ax", largest.key, Number(values.passes));
        scrolls.push(`largest axial stack ${ax.fps.toFixed(1)} slices/s over ${ax.frames} draws of ${ax.slices} slices (idle rAF ${ax.idleFps.toFixed(1)}/s)`);
      }
      console.log(
        `${studyId}: first image after navigation cold ${ms(cold.fromNavigation)}, warm ${ms(warm.fromNavigation)}; ` +
          `after viewer mount cold ${ms(cold.fromMount)}, warm ${ms(warm.fromMount)} (target ≤ 300); ` +
          `from the worklist click ${ms(click)} (target ≤ 1000); layout shift cold ${cold.cls.toFixed(3)}, warm ${warm.cls.toFixed(3)} (target 0)\n  ` +
          `scrolling (↓/↑ once per animation frame, target ≥ 60 slices/s): ${scrolls.join("; ")}`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench/viewer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
