/** A `discern` subcommand. `load` is lazy so that `discern --help` never pays for heavy imports. */
export interface CliCommandSpec {
  name: string;
  summary: string;
  usage: string;
  load: () => Promise<{ run: CliRun }>;
}

/** Runs a subcommand with its arguments (after the name); resolves to the exit code. */
export type CliRun = (argv: string[], io: CliIO) => Promise<number>;

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Progress lines for long work; go to stderr so that `--json` stdout stays parseable. */
  progress: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
