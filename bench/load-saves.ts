/**
 * Save-path profile (not a test): N bench annotators (bench/load.ts --seed) save box moves into
 * their own readings of one study, in-process, through lib/review's saveEdits — no HTTP, no
 * frames — so the figures are the save path's own: statements per save (Prisma query events),
 * each statement's p50/p95, and saves' p50/p95, beside a baseline from the same run (`SELECT 1`
 * on the same pool: what a round trip costs on this machine now).
 *
 *   DATABASE_URL=… npx tsx bench/load.ts --seed
 *   DATABASE_URL=… npx tsx bench/load-saves.ts --annotators 50 --seconds 30
 */
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

const { values } = parseArgs({
  options: {
    annotators: { type: "string", default: "50" },
    seconds: { type: "string", default: "30" },
    /** Think time between one annotator's saves, ms (bench/load.ts: about one save per 2–3 s). */
    "think-ms": { type: "string", default: "2000" },
  },
});
const ANNOTATORS = Number(values.annotators);
const SECONDS = Number(values.seconds);
const THINK_MS = Number(values["think-ms"]);

// lib/db's one client, created here with query events (lib/db/client keeps it on globalThis).
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/discern" }), log: [{ emit: "event", level: "query" }] });
(globalThis as unknown as { discernPrisma?: PrismaClient }).discernPrisma = client;
const byStatement = new Map<string, number[]>();
let recording: string[] | null = null;
client.$on("query", (e) => {
  const kind = e.query.replace(/\s+/g, " ").trim().slice(0, 70);
  if (!byStatement.has(kind)) byStatement.set(kind, []);
  byStatement.get(kind)!.push(Number(e.duration));
  recording?.push(kind);
});

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const f = (v: number) => v.toFixed(1).padStart(8);

async function main(): Promise<void> {
  const { saveEdits } = await import("../lib/review/save-edits");
  const { startStudyReading } = await import("../lib/review/start-study-reading");
  const { effectiveAnnotations } = await import("../lib/annotations/effective-annotations");
  const users = await client.user.findMany({ where: { email: { startsWith: "bench-annotator-" } }, orderBy: { email: "asc" }, take: ANNOTATORS });
  const study = await client.study.findFirst({ where: { readings: { some: { role: "AI" } } }, orderBy: { createdAt: "asc" } });
  if (!study || users.length < ANNOTATORS) throw new Error("run `npx tsx bench/load.ts --seed` with this DATABASE_URL first");
  type TBenchAnnotator = { user: { id: string; role: "ANNOTATOR" }; readingId: string; key: string; data: unknown; base: string };
  const annotators: TBenchAnnotator[] = [];
  for (const user of users) {
    const { reading } = await startStudyReading({ studyId: study.id, userId: user.id });
    const box = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "VERTEBRA_BOX");
    if (!box) throw new Error("the bench study has no vertebra box");
    annotators.push({ user: { id: user.id, role: "ANNOTATOR" as const }, readingId: reading.id, key: box.key, data: box.data, base: box.revisionId });
  }
  const save = async (a: (typeof annotators)[number]) => {
    const [saved] = await saveEdits({ readingId: a.readingId, user: a.user, changes: [{ kind: "VERTEBRA_BOX", key: a.key, baseRevisionId: a.base, data: a.data }] });
    a.base = saved!.revisionId;
  };
  // One save alone, to count its statements (the annotator's own annotation exists after the first).
  await save(annotators[0]!);
  recording = [];
  await save(annotators[0]!);
  const statements = recording;
  recording = null;
  byStatement.clear();

  const saves: number[] = [];
  const baseline: number[] = [];
  const errors: string[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  const think = () => new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
  await Promise.all([
    ...annotators.map(async (a) => {
      // Staggered arrival: 50 saves at the same instant would measure the queue of the first burst.
      await think();
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          await save(a);
          saves.push(performance.now() - started);
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
        await think();
      }
    }),
    (async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await client.$queryRaw`SELECT 1`;
        baseline.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })(),
  ]);
  saves.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  process.stdout.write(`discern save path: ${ANNOTATORS} annotators, ${SECONDS} s, think ${THINK_MS} ms; ${statements.length} statements per save (BEGIN not counted)\n`);
  process.stdout.write(`baseline (SELECT 1) n=${String(baseline.length).padStart(5)} p50 ${f(percentile(baseline, 50))} ms  p95 ${f(percentile(baseline, 95))} ms\n`);
  process.stdout.write(`save               n=${String(saves.length).padStart(5)} p50 ${f(percentile(saves, 50))} ms  p95 ${f(percentile(saves, 95))} ms  max ${f(saves.at(-1) ?? Number.NaN)} ms  errors ${errors.length}\n`);
  for (const e of errors.slice(0, 3)) process.stdout.write(`  save error: ${e}\n`);
  process.stdout.write("per statement (database time as Prisma reports it):\n");
  for (const kind of new Set(statements)) {
    const d = [...(byStatement.get(kind) ?? [])].sort((a, b) => a - b);
    process.stdout.write(`  p50 ${f(percentile(d, 50))} ms  p95 ${f(percentile(d, 95))} ms  ${kind}\n`);
  }
  await client.$disconnect();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench/load-saves: ${error instanceof Error ? error.message : String(error)}\n`);
  await client.$disconnect();
  process.exit(1);
});
