import { databaseUrl } from "../../config/env";
import { db } from "../../db/client";
import { checkDatabase } from "../../studies/check-database";
import { supervisionStats, type TLevelBlock, type TSupervisionStats } from "../../supervision";
import { parseStatsFilters } from "../../supervision/stats-filters";
import { fmtCli } from "../../supervision/format-cli";
import { parseCliArgs } from "../args";
import { EXIT_OK, type CliRun } from "../types";

/**
 * `discern stats [--json] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--reader <userId>]
 * [--model-version <modelId@version>] [--level L4-L5]`: the supervisor dashboard's numbers from
 * the database at DATABASE_URL (or the default). --json prints the discern.stats/v1 document
 * that GET /api/stats returns. Exit 0 when it ran, 1 when the database is unreachable, 2 on bad usage.
 */
export const run: CliRun = async (argv, io) => {
  const { values } = parseCliArgs(
    argv,
    {
      json: { type: "boolean" },
      from: { type: "string" },
      to: { type: "string" },
      reader: { type: "string" },
      "model-version": { type: "string" },
      level: { type: "string" },
    },
    false,
  );
  let filters;
  try {
    filters = parseStatsFilters({ from: values.from, to: values.to, readerId: values.reader, modelVersion: values["model-version"], level: values.level });
  } catch {
    const { AppError } = await import("../../errors/app-error");
    throw new AppError("BAD_USAGE", { userMessage: "Bad filter: dates are YYYY-MM-DD and --level is one of L1-L2, L2-L3, L3-L4, L4-L5, L5-S1." });
  }
  const client = db();
  try {
    await checkDatabase(client, databaseUrl());
    const stats = await supervisionStats(filters, client);
    io.stdout(values.json ? `${JSON.stringify(stats)}\n` : human(stats));
    return EXIT_OK;
  } finally {
    await client.$disconnect();
  }
};

function human(stats: TSupervisionStats): string {
  const c = stats.counts;
  const lines = [
    `${c.studies} studies, ${c.withAi} with AI, ${c.withFinal} with a final label, ${c.doubleRead} double read, ${c.adjudicated} adjudicated.`,
    "",
    "AI against the final label:",
    ...table(stats.aiVsFinal, true),
    "",
    "First against second reader:",
    ...table(stats.readerVsReader, false),
  ];
  for (const r of stats.readerVsAi) lines.push("", `${r.readerName} against the AI:`, ...table(r.blocks, false));
  for (const f of stats.fleiss) lines.push(`Fleiss κ ${f.level}: ${fmtCli(f.kappa, f.ci)} over ${f.subjects} subjects`);
  lines.push("", "Corrections per model version:");
  for (const m of stats.corrections) lines.push(`  ${m.modelVersion}: label flips ${m.labelFlips.successes}/${m.labelFlips.n}, box moves ${m.boxMoves.successes}/${m.boxMoves.n}`);
  lines.push("", `Label-noise queue: ${stats.labelNoise.length} level(s) where the model (p ≥ 0.9) disagrees with the final label.`, "", stats.intervals, "");
  return lines.join("\n");
}

function table(blocks: TLevelBlock[], withAccuracy: boolean): string[] {
  return blocks.map((b) => {
    const accuracy = withAccuracy ? `  accuracy ${fmtCli(b.classes.accuracy.value, b.classes.accuracy.ci)}` : `  agreement ${fmtCli(b.agreement.value, b.agreement.ci)}`;
    return `  ${b.level.padEnd(6)} n=${String(b.n).padStart(4)}${accuracy}  κ ${fmtCli(b.kappa.kappa, b.kappa.ci)}  κ linear ${fmtCli(b.weightedKappa.kappa, b.weightedKappa.ci)}`;
  });
}
