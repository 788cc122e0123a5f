import { COMMANDS, findCommand } from "./registry";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIO } from "./types";

const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  progress: (text) => void process.stderr.write(text),
};

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "discern — lumbar spine MRI pre-annotation, review and datasets",
    "",
    "Usage: discern <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `discern <command> --help` for a command's options.",
    "Exit codes: 0 success, 1 failed run, 2 bad usage.",
    "",
  ].join("\n");
}

/** Makes sure an error printed to stderr is one readable sentence. */
function oneSentence(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(helpText());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === "--version") return main(["version"]);
  const spec = findCommand(name);
  if (!spec) {
    io.stderr(`discern: unknown command "${name}"; run \`discern --help\` for the list.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${spec.summary}\n\nUsage: ${spec.usage}\n`);
    return EXIT_OK;
  }
  try {
    const command = await spec.load();
    return await command.run(rest, io);
  } catch (error) {
    // Loaded here, not at the top: it pulls in zod, ~0.15 s of start-up that `--help` must not pay.
    const { toAppError } = await import("../errors/app-error");
    const appError = toAppError(error);
    io.stderr(`discern ${name}: ${oneSentence(appError.userMessage)}\n`);
    if (process.env.DISCERN_DEBUG) io.stderr(`${appError.stack ?? ""}\n`);
    return appError.code === "BAD_USAGE" ? EXIT_USAGE : EXIT_FAILED;
  }
}

/** True for the AppError of bad command-line usage (checked by its code, without loading AppError). */
export function isBadUsage(error: unknown): boolean {
  return error instanceof Error && error.name === "AppError" && (error as Error & { code?: unknown }).code === "BAD_USAGE";
}
