import type { CliCommandSpec } from "./types";

/**
 * Every `discern` subcommand, registered in this one place. Each module under ./commands exports
 * `run(argv, io)`; it is imported only when its command runs.
 */
export const COMMANDS: CliCommandSpec[] = [
  {
    name: "version",
    summary: "Print the discern version.",
    usage: "discern version",
    load: () => import("./commands/version"),
  },
  {
    name: "inspect",
    summary: "Read, decode and hash DICOM files; report every file, readable or not.",
    usage: "discern inspect <path...> [--json]",
    load: () => import("./commands/inspect"),
  },
  {
    name: "phantom",
    summary: "Generate synthetic lumbar MRI studies (DICOM + truth.json), deterministic by seed.",
    usage: "discern phantom --out <dir> --seed <n> [--count <k>] [--variant <name>] [--mix normal,bulge,herniation]",
    load: () => import("./commands/phantom"),
  },
];

export function findCommand(name: string): CliCommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
