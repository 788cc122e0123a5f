import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Session } from "next-auth";
import { db } from "../../lib/db/client";
import { importFiles } from "../../lib/studies/import-files";
import { deflatedDicomBomb, rleBomb, zipOfZeros } from "./bombs";
import { makeUser, resetDatabase } from "./helpers";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

let currentSession: Session | null = null;
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => currentSession),
}));

const { POST: importRoute } = await import("../../app/api/import/route");
const { GET: getMe } = await import("../../app/api/me/route");
const { GET: getFrame } = await import("../../app/api/instances/[sopInstanceUid]/frames/[frame]/route");

const MB = 1024 * 1024;
const noParams = { params: Promise.resolve({}) };

interface Watch {
  peakRssGrowth: number;
  probeLatenciesMs: number[];
}

/**
 * Runs `work` while sampling this process's RSS every 20 ms and, every 100 ms, timing another
 * user's request (GET /api/me: session check and one query) — the "other users" of the issue.
 */
async function watch<T>(work: () => Promise<T>): Promise<{ result: T } & Watch> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const latencies: number[] = [];
  let running = true;
  const prober = (async () => {
    while (running) {
      const started = performance.now();
      const response = await getMe(new Request("http://test/api/me"), noParams);
      expect(response.status).toBe(200);
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const result = await work();
    return { result, peakRssGrowth: peak - baseline, probeLatenciesMs: latencies };
  } finally {
    running = false;
    clearInterval(sampler);
    await prober;
  }
}

function upload(name: string, data: Buffer): Request {
  const form = new FormData();
  form.append("files", new Blob([new Uint8Array(data)]), name);
  return new Request("http://test/api/import", { method: "POST", body: form });
}

type TSummary = { counts: { imported: number; skipped: number }; files: Array<{ path: string; status: string; reason?: string }> };

/** One sentence: starts with a capital, ends with the only full stop. */
const ONE_SENTENCE = /^[A-Z][^]*\.$/;

describe("[IMPORT] decompression bombs are refused with bounded memory and time (issue 18)", () => {
  let zipBomb: Buffer;
  let deflateBomb: Buffer;
  let rle: Buffer;

  beforeAll(async () => {
    await resetDatabase();
    const user = await makeUser("RADIOLOGIST");
    currentSession = { user: { id: user.id, role: "RADIOLOGIST", sessionVersion: 0 }, expires: "" } as Session;
    // 4 entries of 320 MiB of zeros: about 1.3 MB on disk, 1.34 GB inflated.
    zipBomb = await zipOfZeros(4, 320 * MB);
    deflateBomb = await deflatedDicomBomb("1.2.826.0.1.3680043.10.1.18.1");
    rle = rleBomb("1.2.826.0.1.3680043.10.1.18.2");
    expect(zipBomb.length).toBeLessThan(1.5 * MB);
    expect(deflateBomb.length).toBeLessThan(1.5 * MB);
    expect(rle.length).toBeLessThan(8.5 * MB);
  }, 120_000);
  afterAll(() => db().$disconnect());

  it.each([
    ["a 1.3 MB zip of zeros", () => upload("bomb.zip", zipBomb), /decompression bomb/],
    ["a 1.2 MB deflated DICOM", () => upload("deflated.dcm", deflateBomb), /inflates to more than \d+ bytes/],
    ["an 8 MB RLE image claiming a 512 MiB frame", () => upload("rle.dcm", rle), /would decode to 536870912 bytes/],
  ])("refuses %s in one sentence, RSS +<100 MB, other requests <1 s", async (_what, request, reason) => {
    const run = await watch(async () => importRoute(request(), noParams));
    expect(run.result.status).toBe(200);
    const summary = (await run.result.json()) as TSummary;
    expect(summary.counts.imported).toBe(0);
    expect(summary.files.length).toBeGreaterThanOrEqual(1);
    for (const file of summary.files) {
      expect(file.status).toBe("skipped");
      expect(file.reason).toMatch(reason);
      expect(file.reason).toMatch(ONE_SENTENCE);
    }
    console.log(`bomb ${_what}: peak RSS growth ${(run.peakRssGrowth / MB).toFixed(1)} MB, probe max ${Math.max(...run.probeLatenciesMs).toFixed(0)} ms (n=${run.probeLatenciesMs.length})`);
    expect(run.peakRssGrowth).toBeLessThan(100 * MB);
    expect(run.probeLatenciesMs.length).toBeGreaterThan(0);
    expect(Math.max(...run.probeLatenciesMs)).toBeLessThan(1000);
  });

  it("answers a view of an RLE bomb stored before the limits existed with 413, twice, without decoding it", async () => {
    // Stored as an older discern would have (no frame limit), so that the frame API meets it.
    const dir = await mkdtemp(path.join(os.tmpdir(), "discern-bomb-"));
    await writeFile(path.join(dir, "rle.dcm"), rle);
    const imported = await importFiles({ paths: [dir], source: "test", limits: { maxFrameBytes: 1024 * MB } });
    expect(imported.counts.imported).toBe(1);
    // A running server's frame decoders are already started: start them with an ordinary frame,
    // so that their one-time start-up (tens of MB) is not counted against the bomb.
    await importFiles({ paths: [path.resolve(__dirname, "../fixtures/dicom/pydicom/MR_small_RLE.dcm")], source: "test" });
    const ordinary = (await db().instance.findFirstOrThrow({ where: { rows: 64 } })).sopInstanceUid;
    expect((await getFrame(new Request(`http://test/api/instances/${ordinary}/frames/0`), { params: Promise.resolve({ sopInstanceUid: ordinary, frame: "0" }) })).status).toBe(200);
    const sop = "1.2.826.0.1.3680043.10.1.18.2";
    for (let view = 0; view < 2; view += 1) {
      const run = await watch(() => getFrame(new Request(`http://test/api/instances/${sop}/frames/0`), { params: Promise.resolve({ sopInstanceUid: sop, frame: "0" }) }));
      expect(run.result.status).toBe(413);
      const { error } = (await run.result.json()) as { error: { message: string } };
      expect(error.message).toMatch(ONE_SENTENCE);
      console.log(`rle view ${view}: peak RSS growth ${(run.peakRssGrowth / MB).toFixed(1)} MB, probe max ${Math.max(0, ...run.probeLatenciesMs).toFixed(0)} ms`);
      expect(run.peakRssGrowth).toBeLessThan(100 * MB);
      expect(Math.max(0, ...run.probeLatenciesMs)).toBeLessThan(1000);
    }
  });
});
