import { readFileSync } from "node:fs";
import path from "node:path";
import type { CliRun } from "../types";

export const run: CliRun = async (_argv, io) => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8")) as { version: string };
  io.stdout(`discern ${pkg.version}\n`);
  return 0;
};
