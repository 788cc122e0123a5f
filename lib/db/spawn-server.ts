import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { isPortOpen } from "./bootstrap";

const ROOT = path.resolve(__dirname, "../..");

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Stops the whole process group (`next start` renames itself next-server and can outlive its parent). */
  stop: () => void;
}

/** Starts `next start` in its own process group and waits until it accepts connections. */
export async function spawnNextServer(options: { port: number; env: Record<string, string | undefined>; inheritOutput?: boolean }): Promise<RunningServer> {
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(options.port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    detached: true,
    stdio: options.inheritOutput ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const stop = () => {
    if (child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output.slice(-2000)}`);
    if (await isPortOpen("127.0.0.1", options.port, 300)) return { url: `http://127.0.0.1:${options.port}`, child, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`next start did not answer on port ${options.port} within 60 s:\n${output.slice(-2000)}`);
}
