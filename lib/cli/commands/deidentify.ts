import { randomBytes } from "node:crypto";
import { access } from "node:fs/promises";
import { deidentifyPaths } from "../../deid/deidentify-folder";
import { UidMap } from "../../deid/uid-map";
import { AppError } from "../../errors/app-error";
import { parseCliArgs } from "../args";
import { EXIT_FAILED, EXIT_OK, type CliRun } from "../types";

/**
 * `discern deidentify <path...> --out <dir> [--secret-env <NAME>] [--flag-burned-in] [--json]`:
 * the Basic Profile over files and folders, outside the database. The UID/pseudonym key comes from
 * the named environment variable (so that two runs over parts of one study stay consistent) or is
 * random for this run; it is never printed. Exit 0 when every file was de-identified and passed the
 * scan, 1 when any file was not (listed), 2 on bad usage.
 */
export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    out: { type: "string" },
    "secret-env": { type: "string" },
    "flag-burned-in": { type: "boolean" },
    json: { type: "boolean" },
  });
  if (positionals.length === 0) throw new AppError("BAD_USAGE", { userMessage: "Give at least one file or folder to de-identify." });
  if (!values.out) throw new AppError("BAD_USAGE", { userMessage: "--out <dir> is required." });
  for (const p of positionals) {
    await access(p).catch(() => {
      throw new AppError("BAD_USAGE", { userMessage: `"${p}" does not exist.` });
    });
  }
  let secret = randomBytes(32).toString("hex");
  if (values["secret-env"]) {
    const fromEnv = process.env[values["secret-env"]];
    if (!fromEnv || fromEnv.length < 16) throw new AppError("BAD_USAGE", { userMessage: `The environment variable ${values["secret-env"]} must hold a key of at least 16 characters.` });
    secret = fromEnv;
  }
  const summary = await deidentifyPaths({
    inputs: positionals,
    outDir: values.out,
    uids: new UidMap(secret),
    burnedIn: values["flag-burned-in"] ? "flag" : "refuse",
    onFile: (_relative, done) => {
      if (done % 100 === 0) io.progress(`${done} file(s)…`);
    },
  });
  if (values.json) {
    io.stdout(`${JSON.stringify(summary)}\n`);
  } else {
    const c = summary.counts;
    io.stdout(`${summary.files} file(s): ${summary.written} de-identified and verified, ${summary.problems.length} not written.\n`);
    io.stdout(`Attributes: ${c.X} removed (X), ${c.Z} emptied (Z), ${c.D} replaced with dummies (D), ${c.U} UIDs remapped (U), ${c.private} private removed, ${c.sequences} sequences cleaned.\n`);
    for (const p of summary.problems) io.stdout(`${p.status.toUpperCase()}  ${safe(p.path)}: ${p.reason}${p.findings ? ` (${p.findings.map((f) => `${f.kind} at ${f.where}`).join(", ")})` : ""}\n`);
    for (const w of summary.warnings) io.stdout(`WARNING  ${safe(w.path)}: ${w.warning}\n`);
  }
  return summary.problems.length === 0 ? EXIT_OK : EXIT_FAILED;
};

function safe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
