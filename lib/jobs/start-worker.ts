import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Starts `npm run worker` (scripts/worker.ts: the pipeline job worker) as a child in its own
 * process group, sharing the given environment; returns null when there is no worker script.
 */
export function startWorkerProcess(env: Record<string, string | undefined>): { stop: () => void } | null {
  const script = path.join(ROOT, "scripts", "worker.ts");
  if (!existsSync(script)) return null;
  const child = spawn(process.execPath, ["--import", `file://${ROOT}/node_modules/tsx/dist/loader.mjs`, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: "inherit",
  });
  return {
    stop: () => {
      if (child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    },
  };
}
