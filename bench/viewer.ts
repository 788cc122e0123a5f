/**
 * Viewer benchmark (not a test): drives Debian's Chromium through playwright-core against a
 * running server, logs in as the demo radiologist, opens studies from the worklist and prints
 *  - first image on screen: the `viewer:first-image` performance mark, in ms after navigation start
 *    (server-rendered page + scripts + frames) and after `viewer:mounted` (frames + windowing +
 *    konva draw), cold (first visit) and warm (second visit, HTTP cache);
 *  - slice scrolling: from the top slice, ↓ pressed once per animation frame down every axial slice
 *    and ↑ back up, slices drawn per second, beside the same run's idle animation-frame rate (the
 *    ceiling: one slice per frame).
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

/** ms from navigation start to the first image, and from the viewer's mount (after the server-rendered page and its scripts) to it. */
async function firstImageMs(page: Page, url: string): Promise<{ fromNavigation: number; fromMount: number }> {
  await page.goto(url);
  await page.waitForFunction(`performance.getEntriesByName("viewer:first-image").length > 0`, undefined, { timeout: 60_000 });
  return page.evaluate(`(() => {
    const first = performance.getEntriesByName("viewer:first-image")[0].startTime;
    const mounted = performance.getEntriesByName("viewer:mounted")[0]?.startTime ?? 0;
    return { fromNavigation: first, fromMount: first - mounted };
  })()`);
}

/** Frames drawn per second while ↓/↑ is pressed once per animation frame, and the idle rAF rate. */
async function scrollFps(page: Page, passes: number): Promise<{ fps: number; idleFps: number; frames: number; slices: number }> {
  // Wait until every frame is prefetched (the title shows n/N; the bench waits for the network to settle).
  await page.waitForLoadState("networkidle");
  // A string, not a function: tsx's transform would wrap inner functions in a helper (__name)
  // that does not exist in the page.
  return page.evaluate(`(async (passCount) => {
    const raf = () => new Promise((r) => requestAnimationFrame(r));
    const title = document.querySelector('[data-testid="pane-axial"] .viewport-label')?.textContent ?? "";
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
    for (const url of studies) {
      const cold = await firstImageMs(page, url);
      const warm = await firstImageMs(page, url);
      const scroll = await scrollFps(page, Number(values.passes));
      console.log(
        `${url.split("/").pop()}: first image after navigation cold ${cold.fromNavigation.toFixed(0)} ms, warm ${warm.fromNavigation.toFixed(0)} ms; ` +
          `after viewer mount cold ${cold.fromMount.toFixed(0)} ms, warm ${warm.fromMount.toFixed(0)} ms (target ≤ 300); ` +
          `scrolling ${scroll.fps.toFixed(1)} frames/s over ${scroll.frames} draws of ${scroll.slices} slices (idle rAF ${scroll.idleFps.toFixed(1)}/s; target ≥ 30)`,
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
