import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Debian's `orthanc` package; the import bench compares with it when it is installed. */
export const ORTHANC_BINARY = "/usr/sbin/Orthanc";

export interface TOrthancRun {
  seconds: number;
  bytes: number;
  files: number;
  /** Orthanc's own peak resident memory (VmHWM of its process), MB. */
  peakMb: number;
}

/**
 * Imports `files` into a private Orthanc (own config, HTTP port, SQLite index and storage in a
 * temporary folder; no DICOM port, no plugins; Orthanc's defaults otherwise, so its storage
 * area is fsynced as shipped) through its REST API, `concurrency` POST /instances at a time — the
 * way Orthanc's own ImportDicomFiles.py does, with the file bytes already in memory. Returns null
 * when Orthanc is not installed. Orthanc is stopped (its process group) and its folder removed.
 */
export async function importIntoOrthanc(files: string[], concurrency: number): Promise<TOrthancRun | null> {
  if (!existsSync(ORTHANC_BINARY)) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-bench-orthanc-"));
  const port = 9300 + Math.floor(Math.random() * 2000);
  const configFile = path.join(dir, "orthanc.json");
  await writeFile(configFile, JSON.stringify({ Name: "discern-bench", StorageDirectory: path.join(dir, "db"), IndexDirectory: path.join(dir, "db"), HttpPort: port, DicomServerEnabled: false, RemoteAccessAllowed: false, AuthenticationEnabled: false, Plugins: [] }));
  const child = spawn(ORTHANC_BINARY, [configFile], { detached: true, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  try {
    if (!(await waitUp(url, child))) throw new Error("Orthanc did not start");
    let next = 0;
    let bytes = 0;
    const started = performance.now();
    const worker = async () => {
      for (let i = next++; i < files.length; i = next++) {
        const data = await readFile(files[i]!);
        const res = await fetch(`${url}/instances`, { method: "POST", body: new Uint8Array(data), headers: { "Content-Type": "application/dicom" } });
        if (!res.ok) throw new Error(`Orthanc refused ${files[i]}: ${res.status}`);
        await res.arrayBuffer();
        bytes += data.length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    return { seconds, bytes, files: files.length, peakMb: vmHwmMb(child.pid!) };
  } finally {
    await stopGroup(child);
    await rm(dir, { recursive: true, force: true });
  }
}

function vmHwmMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function waitUp(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`${url}/system`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
