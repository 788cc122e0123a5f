import { isVariant, VARIANTS, type TVariant } from "../../phantom/options";
import { writeStudy } from "../../phantom/write-study";
import { DISC_LEVELS, type TDiscLevel } from "../../phantom/truth";
import { AppError } from "../../errors/app-error";
import { parseCliArgs } from "../args";
import type { CliRun } from "../types";

function parseInteger(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new AppError("BAD_USAGE", { userMessage: `--${name} is required.` });
  }
  if (!/^-?\d+$/.test(value)) throw new AppError("BAD_USAGE", { userMessage: `--${name} must be an integer, not "${value}".` });
  return Number(value);
}

/** `--mix 0.53,0.31,0.16` (normal, bulge, herniation) for every level. */
function parseMix(value: string | undefined): Partial<Record<TDiscLevel, [number, number, number]>> | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(",").map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0) || parts.reduce((a, b) => a + b, 0) <= 0) {
    throw new AppError("BAD_USAGE", { userMessage: "--mix takes three non-negative weights: normal,bulge,herniation (e.g. 0.53,0.31,0.16)." });
  }
  const mix = parts as [number, number, number];
  return Object.fromEntries(DISC_LEVELS.map((level) => [level, mix]));
}

export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(
    argv,
    {
      out: { type: "string" },
      seed: { type: "string" },
      count: { type: "string" },
      variant: { type: "string" },
      mix: { type: "string" },
    },
    false,
  );
  if (positionals.length > 0) throw new AppError("BAD_USAGE", { userMessage: `Unexpected argument "${positionals[0]}".` });
  if (!values.out) throw new AppError("BAD_USAGE", { userMessage: "--out <dir> is required." });
  const seed = parseInteger("seed", values.seed);
  const count = parseInteger("count", values.count, 1);
  if (count < 1) throw new AppError("BAD_USAGE", { userMessage: "--count must be at least 1." });
  const variant: TVariant = values.variant === undefined ? "mixed" : isVariant(values.variant) ? values.variant : badVariant(values.variant);
  const classMix = parseMix(values.mix);
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const { dir, study } = await writeStudy(values.out, { seed: seed + i, variant, ...(classMix ? { classMix } : {}) });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const diagnoses = study.truth.levels.map((l) => `${l.level} ${l.diagnosis}`).join(", ");
    io.progress(`[${i + 1}/${count}] ${dir}: ${study.files.length} images, ${study.options.variant}, ${diagnoses} (${seconds} s)\n`);
  }
  return 0;
};

function badVariant(name: string): never {
  throw new AppError("BAD_USAGE", { userMessage: `Unknown variant "${name}"; choose one of ${VARIANTS.join(", ")}.` });
}
