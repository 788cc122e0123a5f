import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const BUNDLE = path.join(ROOT, "node_modules/.cache/discern-cli/cli.cjs");

describe("[CLI] bin/discern runs the bundled JavaScript", () => {
  it("builds the bundle when needed, answers --help from it, and finds the checkout's files from the bundle (version reads package.json)", () => {
    const help = spawnSync(path.join(ROOT, "bin/discern"), ["--help"], { encoding: "utf8", timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: discern <command> \[options\]$/m);
    // The bundle now exists and is at least as new as the CLI's own sources.
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThanOrEqual(statSync(path.join(ROOT, "lib/cli/main.ts")).mtimeMs);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    // Run the bundle directly (not through tsx): __dirname of lib/cli/commands/version.ts must still lead to package.json.
    const version = spawnSync(process.execPath, [BUNDLE, "version"], { encoding: "utf8", cwd: "/", timeout: 30_000 });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(`discern ${pkg.version}`);
    const unknown = spawnSync(process.execPath, [BUNDLE, "no-such-command"], { encoding: "utf8", timeout: 30_000 });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "no-such-command"/);
  });
});
