import { parseArgs, type ParseArgsConfig } from "node:util";
import { AppError } from "../errors/app-error";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Strict argument parsing for subcommands: an unknown flag or a missing value becomes a
 * BAD_USAGE AppError (exit 2) with node's one-sentence explanation.
 */
export function parseCliArgs<T extends Options>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] ?? "Bad arguments." : "Bad arguments.";
    throw new AppError("BAD_USAGE", { userMessage: message });
  }
}
