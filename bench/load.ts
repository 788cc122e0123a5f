/**
 * Load benchmark (not a test): N simulated reviewers against a running discern over loopback,
 * each logged in with its own session. Arrival (login, start, view) is timed and reported first;
 * then, for a fixed window, every reviewer reads frames (raw 16-bit, as the viewer does) with a
 * short think time and saves a box move every few frames. Prints p50/p95/max
 * and errors per operation beside a baseline from the same run (GET /api/auth/csrf: no database,
 * no decoding — what the server costs before any work), so figures from a loaded machine can be
 * read against that machine's own floor.
 *
 *   DATABASE_URL=… npx tsx bench/load.ts --seed               # once: bench annotators + a study
 *   npx tsx bench/load.ts --base http://127.0.0.1:3100 --reviewers 50 --seconds 60
 *
 * The seed (same DATABASE_URL as the server) creates bench-annotator-<i>@discern.local (password
 * below) and imports one pre-annotated phantom study when there is none. Annotators each get their
 * own ANNOTATION reading, so saves do not collide. Logins go through next-auth's HTTP flow (CSRF
 * cookie, form post), which also exercises the login throttle (successes refund the address).
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    base: { type: "string", default: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100" },
    reviewers: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    "think-ms": { type: "string", default: "250" },
    "save-every": { type: "string", default: "8" },
    seed: { type: "boolean", default: false },
  },
});
const BASE = values.base;
const REVIEWERS = Number(values.reviewers);
const SECONDS = Number(values.seconds);
const THINK_MS = Number(values["think-ms"]);
const SAVE_EVERY = Number(values["save-every"]);
export const BENCH_PASSWORD = "bench-password-not-for-production";

type TOp = "baseline" | "login" | "start" | "view" | "frame" | "save";
const samples: Record<TOp, number[]> = { baseline: [], login: [], start: [], view: [], frame: [], save: [] };
const errors: Record<TOp, string[]> = { baseline: [], login: [], start: [], view: [], frame: [], save: [] };

async function timed(op: TOp, run: () => Promise<Response>, ok: (r: Response) => boolean = (r) => r.ok): Promise<Response | null> {
  const started = performance.now();
  try {
    const response = await run();
    const body = await response.arrayBuffer();
    samples[op].push(performance.now() - started);
    if (!ok(response)) {
      errors[op].push(`${response.status} ${new TextDecoder().decode(body).slice(0, 160)}`);
      return null;
    }
    return new Response(body, { status: response.status, headers: response.headers });
  } catch (error) {
    errors[op].push(error instanceof Error ? error.message : String(error));
    return null;
  }
}

/** next-auth's credentials flow; returns the Cookie header of the session. */
async function login(email: string): Promise<string | null> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const form = new URLSearchParams({ csrfToken, email, password: BENCH_PASSWORD, json: "true" });
  const response = await timed("login", () =>
    fetch(`${BASE}/api/auth/callback/credentials`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") }, body: form }),
    (r) => r.status === 200 || r.status === 302,
  );
  const session = response?.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c?.startsWith("next-auth.session-token="));
  if (!session) {
    errors.login.push(`no session cookie for ${email}`);
    return null;
  }
  return [...jar, session].join("; ");
}

interface TAnnotationHead {
  kind: string;
  key: string;
  revisionId: string;
  deleted: boolean;
  data: { label?: string; sopInstanceUid?: string; box?: number[] };
}

interface TReviewer {
  index: number;
  headers: Record<string, string>;
  readingId: string;
  images: string[];
  box: TAnnotationHead | undefined;
  base: string | null;
}

/** Arrival (timed separately): log in, start (or resume) one's own reading, load the viewer's data. */
async function arrive(index: number, studyId: string): Promise<TReviewer | null> {
  const cookie = await login(`bench-annotator-${index}@discern.local`);
  if (!cookie) return null;
  const headers = { cookie };
  const started = await timed("start", () => fetch(`${BASE}/api/studies/${studyId}/reading`, { method: "POST", headers }));
  const readingId = started ? ((await started.json()) as { reading: { id: string } }).reading.id : null;
  const viewResponse = await timed("view", () => fetch(`${BASE}/api/studies/${studyId}/view`, { headers }));
  if (!viewResponse || !readingId) return null;
  const view = (await viewResponse.json()) as { sagittal: { images: Array<{ sopInstanceUid: string }> } | null; axial: Array<{ images: Array<{ sopInstanceUid: string }> }>; annotations: TAnnotationHead[] };
  const images = [...(view.sagittal?.images ?? []), ...view.axial.flatMap((s) => s.images)].map((i) => i.sopInstanceUid);
  const box = view.annotations.find((a) => a.kind === "VERTEBRA_BOX" && !a.deleted && a.data.box);
  return { index, headers, readingId, images, box, base: box?.revisionId ?? null };
}

/** The measured phase: frames with a think time, a box move every SAVE_EVERY frames, a baseline every 4. */
async function review(r: TReviewer, deadline: number): Promise<void> {
  let step = 0;
  while (Date.now() < deadline) {
    step += 1;
    const sop = r.images[(r.index * 7 + step) % r.images.length]!;
    await timed("frame", () => fetch(`${BASE}/api/instances/${sop}/frames/0`, { headers: r.headers }));
    if (step % 4 === 0) await timed("baseline", () => fetch(`${BASE}/api/auth/csrf`));
    if (r.box && r.base && step % SAVE_EVERY === 0) {
      const [x0, y0, x1, y1] = r.box.data.box!;
      const dx = (step % 3) - 1;
      const change = { kind: "VERTEBRA_BOX", key: r.box.key, baseRevisionId: r.base, data: { ...r.box.data, box: [x0! + dx, y0!, x1! + dx, y1!] } };
      const saved = await timed("save", () => fetch(`${BASE}/api/readings/${r.readingId}/revisions`, { method: "POST", headers: { ...r.headers, "content-type": "application/json" }, body: JSON.stringify({ changes: [change] }) }));
      if (saved) r.base = ((await saved.json()) as { saved: Array<{ revisionId: string }> }).saved[0]?.revisionId ?? r.base;
    }
    await new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(elapsedS: number): void {
  const line = (op: TOp) => {
    const sorted = [...samples[op]].sort((a, b) => a - b);
    const f = (v: number) => (Number.isNaN(v) ? "-" : v.toFixed(0).padStart(6));
    return `${op.padEnd(9)} n=${String(sorted.length).padStart(6)}  p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  max ${f(sorted.at(-1) ?? Number.NaN)} ms  errors ${errors[op].length}`;
  };
  process.stdout.write(`discern load: ${REVIEWERS} reviewers, ${elapsedS.toFixed(1)} s, think ${THINK_MS} ms, a save every ${SAVE_EVERY} frames, ${BASE}\n`);
  for (const op of ["baseline", "login", "start", "view", "frame", "save"] as const) process.stdout.write(`${line(op)}\n`);
  for (const op of ["login", "start", "view", "frame", "save", "baseline"] as const) {
    for (const e of errors[op].slice(0, 3)) process.stdout.write(`  ${op} error: ${e}\n`);
  }
}

async function seed(): Promise<void> {
  const { seedLoadBench } = await import("./load-seed");
  const studyId = await seedLoadBench(REVIEWERS, BENCH_PASSWORD);
  process.stdout.write(`seeded ${REVIEWERS} bench annotators; study ${studyId}\n`);
}

async function main(): Promise<void> {
  if (values.seed) return seed();
  // The study: the first one the first bench annotator sees on the worklist.
  const cookie = await login("bench-annotator-0@discern.local");
  if (!cookie) throw new Error(`cannot log in as bench-annotator-0 at ${BASE}: run with --seed first (${errors.login[0] ?? ""})`);
  const rows = (await (await fetch(`${BASE}/api/worklist`, { headers: { cookie } })).json()) as { rows: Array<{ id: string; pipelineStatus: string }> };
  const studyId = rows.rows[0]?.id;
  if (!studyId) throw new Error("no study on the worklist: run with --seed first");
  samples.login.length = 0;
  // Arrival: every reviewer logs in and opens the study (timed, reported, not part of the window).
  const arrivalStart = Date.now();
  // Reviewers arrive ten at a time: logins in flight from one address are capped by the
  // per-address throttle (DISCERN_LOGIN_MAX_PER_IP, 30 by default; a success gives its slot back).
  const reviewers: TReviewer[] = [];
  for (let i = 0; i < REVIEWERS; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, REVIEWERS - i) }, (_, k) => arrive(i + k, studyId)));
    reviewers.push(...batch.filter((r): r is TReviewer => r !== null));
  }
  process.stdout.write(`arrival: ${reviewers.length}/${REVIEWERS} reviewers in ${((Date.now() - arrivalStart) / 1000).toFixed(1)} s\n`);
  for (const op of ["baseline", "frame", "save"] as const) samples[op].length = 0;
  // The measured window: everyone reads frames and saves at once for SECONDS.
  const t0 = Date.now();
  await Promise.all(reviewers.map((r) => review(r, t0 + SECONDS * 1000)));
  report((Date.now() - t0) / 1000);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/load: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
