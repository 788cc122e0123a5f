import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Debian's Orthanc (`apt-get install orthanc orthanc-dicomweb`); tests skip with this reason without it. */
export const ORTHANC_BINARY = "/usr/sbin/Orthanc";
const PLUGIN_CANDIDATES = ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so", "/usr/lib/orthanc/libOrthancDicomWeb.so.1.7"];

/** Why the Orthanc tests cannot run here, or null when they can. */
export function orthancMissing(): string | null {
  if (!existsSync(ORTHANC_BINARY)) return `${ORTHANC_BINARY} is absent (apt-get install -y orthanc orthanc-dicomweb)`;
  if (!PLUGIN_CANDIDATES.some((p) => existsSync(p))) return "the Orthanc DICOMweb plugin is absent (apt-get install -y orthanc-dicomweb)";
  return null;
}

export interface TOrthanc {
  /** Orthanc's REST root, e.g. http://127.0.0.1:8173 */
  url: string;
  /** The DICOMweb root served by the plugin: `${url}/dicom-web`. */
  dicomweb: string;
  stop: () => Promise<void>;
}

/**
 * Starts a private Orthanc for one test file: its own HTTP port (8142 + random), its own storage
 * under a temporary folder, DICOMweb plugin on, no DICOM port, bound to 127.0.0.1; HTTP basic
 * authentication only when `users` (name → password) is given. It runs in its own process group so `stop()` ends it and nothing else.
 */
export async function startOrthanc(options: { users?: Record<string, string> } = {}): Promise<TOrthanc> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-orthanc-"));
  const plugin = PLUGIN_CANDIDATES.find((p) => existsSync(p))!;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 8142 + Math.floor(Math.random() * 2000);
    const config = {
      Name: "discern-test",
      StorageDirectory: path.join(dir, "db"),
      IndexDirectory: path.join(dir, "db"),
      HttpPort: port,
      DicomServerEnabled: false,
      DicomPort: 0,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: options.users !== undefined,
      RegisteredUsers: options.users ?? {},
      Plugins: [plugin],
      DicomWeb: { Enable: true, Root: "/dicom-web/", EnableWado: false, Ssl: false, StudiesMetadata: "Full", SeriesMetadata: "Full" },
      StableAge: 1,
    };
    const configFile = path.join(dir, "orthanc.json");
    await writeFile(configFile, JSON.stringify(config));
    const child = spawn(ORTHANC_BINARY, [configFile], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    const url = `http://127.0.0.1:${port}`;
    if (await waitUp(url, child)) {
      return { url, dicomweb: `${url}/dicom-web`, stop: async () => { await stopGroup(child); await rm(dir, { recursive: true, force: true }); } };
    }
    await stopGroup(child);
    if (attempt === 4) throw new Error(`Orthanc did not start: ${stderr}`);
  }
  throw new Error("unreachable");
}

async function waitUp(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`${url}/system`);
      if (res.ok || res.status === 401) return true;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try { process.kill(-child.pid, "SIGTERM"); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Stores one DICOM file in Orthanc through its REST API (POST /instances). */
export async function orthancStore(orthanc: TOrthanc, bytes: Buffer): Promise<void> {
  const res = await fetch(`${orthanc.url}/instances`, { method: "POST", body: new Uint8Array(bytes), headers: { "Content-Type": "application/dicom" } });
  if (!res.ok) throw new Error(`Orthanc refused an instance: ${res.status} ${await res.text()}`);
}

/** Orthanc's own view of a study's instances: SOP Class UID, modality and series UID of each. */
export async function orthancStudyInstances(orthanc: TOrthanc, studyInstanceUid: string): Promise<Array<{ sopClassUid: string; modality: string; seriesInstanceUid: string; sopInstanceUid: string }>> {
  const find = await fetch(`${orthanc.url}/tools/find`, { method: "POST", body: JSON.stringify({ Level: "Instance", Query: { StudyInstanceUID: studyInstanceUid }, Expand: true, RequestedTags: ["SOPClassUID", "Modality", "SeriesInstanceUID", "SOPInstanceUID"] }) });
  if (!find.ok) throw new Error(`Orthanc find failed: ${find.status}`);
  const rows = (await find.json()) as Array<{ ID: string }>;
  const out = [];
  for (const row of rows) {
    const tags = (await (await fetch(`${orthanc.url}/instances/${row.ID}/simplified-tags`)).json()) as Record<string, string>;
    out.push({ sopClassUid: tags.SOPClassUID ?? "", modality: tags.Modality ?? "", seriesInstanceUid: tags.SeriesInstanceUID ?? "", sopInstanceUid: tags.SOPInstanceUID ?? "" });
  }
  return out;
}
