/**
 * The counts of the vitest and Playwright JSON reports for `npm test` (scripts/test.ts), and the
 * name of every failed test with the first line of its error, which the summary repeats just
 * above its closing line (a CI log often keeps only its tail).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Names of what failed, repeated just above the summary line (a CI log often keeps only its tail). */
export const failures: string[] = [];
const firstLine = (message: unknown) => String(message ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 300) ?? "";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; status?: string; message?: string; assertionResults: { fullName?: string; title: string; status: string; failureMessages?: string[] }[] }[];
}

export function vitestCounts(file: string): Counts {
  if (!existsSync(file)) {
    failures.push(`vitest: no report (${path.relative(ROOT, file)})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const json = JSON.parse(readFileSync(file, "utf8")) as VitestJson;
  for (const result of json.testResults ?? []) {
    const where = path.relative(ROOT, result.name);
    const failed = result.assertionResults.filter((a) => a.status === "failed");
    for (const a of failed) failures.push(`vitest ${where} › ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0])}`);
    // A file that failed before any test ran (an import or a hook) has no failed assertion.
    if (failed.length === 0 && result.status === "failed") failures.push(`vitest ${where}: ${firstLine(result.message)}`);
  }
  return { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests };
}

interface PlaywrightSuite {
  title: string;
  specs?: { title: string; file: string; line: number; tests: { status: string; results: { error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSuite[];
}

export function playwrightCounts(file: string): Counts {
  if (!existsSync(file)) {
    failures.push(`playwright: no report (${path.relative(ROOT, file)})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const json = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; suites?: PlaywrightSuite[] };
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        if (t.status === "unexpected") failures.push(`playwright ${spec.file}:${spec.line} › ${spec.title}: ${firstLine(t.results.at(-1)?.error?.message)}`);
      }
    }
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of json.suites ?? []) walk(s);
  return { passed: json.stats.expected + json.stats.flaky, failed: json.stats.unexpected, skipped: json.stats.skipped };
}

