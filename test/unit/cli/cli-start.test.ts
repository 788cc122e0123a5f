import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "bin/discern");
const BUNDLE = path.join(ROOT, "node_modules/.cache/discern-cli/cli.cjs");
const tmp = mkdtempSync(path.join(os.tmpdir(), "discern-cli-start-"));
// Preloaded into the command's process: at exit, the list of modules it loaded, on stderr.
const HOOK = path.join(tmp, "loaded-modules.cjs");
writeFileSync(HOOK, `process.on("exit", () => process.stderr.write("\\nLOADED " + JSON.stringify(Object.keys(require.cache)) + "\\n"));\n`);

function loadedBy(args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const run = spawnSync(BIN, args, { encoding: "utf8", timeout: 120_000, env: { ...process.env, NODE_OPTIONS: `--require ${HOOK}` } });
  const line = run.stderr.split("\n").find((l) => l.startsWith("LOADED "));
  expect(line, run.stderr).toBeDefined();
  return { status: run.status, stdout: run.stdout, loaded: JSON.parse(line!.slice("LOADED ".length)) as string[] };
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("[CLI] start-up loads only what the command needs (issue 19)", () => {
  it("answers --help from the entry bundle alone: no command bundle, no zod, no onnxruntime", () => {
    const { status, stdout, loaded } = loadedBy(["--help"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: discern <command> \[options\]$/m);
    expect(loaded.some((m) => m.includes(`${path.sep}commands${path.sep}`))).toBe(false);
    expect(loaded.some((m) => m.includes(`node_modules${path.sep}zod${path.sep}`))).toBe(false);
    expect(loaded.some((m) => m.includes("onnxruntime"))).toBe(false);
  });

  it("checks an analyze folder before loading the pipeline and onnxruntime-node", () => {
    const { status, loaded } = loadedBy(["analyze", path.join(tmp, "no-such-folder")]);
    expect(status).toBe(2);
    expect(loaded.some((m) => m.endsWith(`${path.sep}commands${path.sep}analyze.cjs`))).toBe(true);
    expect(loaded.some((m) => m.includes("onnxruntime"))).toBe(false);
  });

  it("rebuilds for a command whose source changed, and --help does not wait for it", () => {
    spawnSync(BIN, ["version"], { encoding: "utf8", timeout: 120_000 }); // fresh for `version`
    const source = path.join(ROOT, "lib/cli/commands/version.ts");
    const later = new Date(statSync(BUNDLE).mtimeMs + 2000);
    utimesSync(source, later, later);
    const help = spawnSync(BIN, ["--help"], { encoding: "utf8", timeout: 120_000 });
    expect(help.status).toBe(0);
    expect(statSync(BUNDLE).mtimeMs).toBeLessThan(later.getTime()); // not rebuilt: --help does not load version.ts
    const version = spawnSync(BIN, ["version"], { encoding: "utf8", timeout: 120_000 });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^discern \d+\.\d+\.\d+/);
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThanOrEqual(later.getTime()); // rebuilt before running it
  });
});
