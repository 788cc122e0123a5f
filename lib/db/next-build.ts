import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const SOURCES = ["app", "components", "lib", "types", "next.config.js", "package-lock.json", "tsconfig.json"];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Whether `.next` is missing or older than any source the app is built from. */
export function isNextBuildStale(): boolean {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built);
}

/** Runs `next build` when the build is stale; progress goes to `log`. */
export async function ensureNextBuild(log: (line: string) => void): Promise<void> {
  if (!isNextBuildStale()) return;
  log("Building the web app (next build; a few minutes the first time) …");
  const started = Date.now();
  await execFileAsync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: unknown) => {
    const out = error && typeof error === "object" && "stdout" in error ? String((error as { stdout: unknown }).stdout) : "";
    throw new Error(`next build failed:\n${out.split("\n").slice(-40).join("\n")}`);
  });
  log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
