import { db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { listModelVersions, promoteModel, registerModel, rollbackModel, setShadow, shadowAgreement } from "../../models";
import { headlineFigures } from "../../models/headline-figures";
import { parseCliArgs } from "../args";
import { EXIT_OK, type CliRun } from "../types";

/**
 * `discern models list [--json]`, `discern models register <dir> [--dataset name@version]
 * [--promote]`, `discern models promote <task> <version>`, `discern models rollback <task>`,
 * `discern models shadow <task> <version>` (run it beside the live version, results hidden from
 * readers, agreement with signed readings shown by list) and `discern models unshadow <task>`:
 * the model registry from the command line (actor: none, audited with via "cli"). A task is the
 * manifest task or its role (vertebrae, roi, classifier); a version is the version string,
 * "modelId@version" or a ModelVersion id.
 */
export const run: CliRun = async (argv, io) => {
  const { positionals, values } = parseCliArgs(argv, { json: { type: "boolean" }, dataset: { type: "string" }, promote: { type: "boolean" } });
  const [action, first, second] = positionals;
  try {
    if (action === "list") {
      const tasks = await listModelVersions();
      if (values.json) {
        io.stdout(`${JSON.stringify(tasks.map((t) => ({ ...t, versions: t.versions.map(({ card: _card, ...v }) => v) })))}\n`);
        return EXIT_OK;
      }
      for (const t of tasks) {
        io.stdout(`${t.task}${t.rollbackTo ? "" : " (no rollback target)"}\n`);
        if (t.versions.length === 0) io.stdout("  (no registered version)\n");
        for (const v of t.versions) {
          const flags = [v.active ? "ACTIVE" : "", v.shadow ? "SHADOW" : "", v.id === t.rollbackTo ? "rollback target" : "", v.demo ? "demo" : ""].filter(Boolean).join(", ");
          io.stdout(`  ${v.active ? "*" : " "} ${v.modelId}@${v.version}  sha256 ${v.sha256.slice(0, 12)}  ${v.registeredAt.toISOString().slice(0, 16)}Z  ${v.dataset ? `dataset ${v.dataset}` : "no dataset"}${flags ? `  [${flags}]` : ""}\n`);
          const figures = headlineFigures(v.metrics);
          if (figures.length > 0) io.stdout(`      ${figures.map((f) => `${f.label} ${Number.isInteger(f.value) ? f.value : f.value.toFixed(3)}`).join(", ")}\n`);
          if (v.shadow) {
            const a = await shadowAgreement(v.id);
            const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(1)}%`);
            io.stdout(`      shadow: ${a.runs} studies run, ${a.signedStudies} signed; level accuracy vs signed ${pct(a.shadow.summary.classification.accuracy)} (n ${a.shadow.summary.classification.n}), live AI ${pct(a.live.levelAccuracy.value)} (n ${a.live.levelAccuracy.n})\n`);
          }
        }
      }
      return EXIT_OK;
    }
    if (action === "register") {
      if (!first) throw new AppError("BAD_USAGE", { userMessage: "Give the model folder (manifest.json, model.onnx, MODEL_CARD.md)." });
      const { modelVersion, created } = await registerModel({ dir: first, actorId: null, via: "cli", ...(values.dataset ? { dataset: values.dataset } : {}) });
      io.stdout(`${created ? "Registered" : "Already registered:"} ${modelVersion.modelId}@${modelVersion.version} (${modelVersion.task}, sha256 ${modelVersion.sha256.slice(0, 12)}, id ${modelVersion.id}).\n`);
      if (values.promote && !modelVersion.active) {
        await promoteModel({ task: modelVersion.task, version: modelVersion.id, actorId: null, via: "cli" });
        io.stdout(`Promoted: ${modelVersion.modelId}@${modelVersion.version} is the active ${modelVersion.task} model.\n`);
      }
      return EXIT_OK;
    }
    if (action === "promote") {
      if (!first || !second) throw new AppError("BAD_USAGE", { userMessage: "Usage: discern models promote <task> <version>." });
      const v = await promoteModel({ task: first, version: second, actorId: null, via: "cli" });
      io.stdout(`Promoted: ${v.modelId}@${v.version} is the active ${v.task} model.\n`);
      return EXIT_OK;
    }
    if (action === "rollback") {
      if (!first) throw new AppError("BAD_USAGE", { userMessage: "Usage: discern models rollback <task>." });
      const v = await rollbackModel({ task: first, actorId: null, via: "cli" });
      io.stdout(`Rolled back: ${v.modelId}@${v.version} is the active ${v.task} model again.\n`);
      return EXIT_OK;
    }
    if (action === "shadow" || action === "unshadow") {
      if (!first || (action === "shadow" && !second)) throw new AppError("BAD_USAGE", { userMessage: `Usage: discern models ${action === "shadow" ? "shadow <task> <version>" : "unshadow <task>"}.` });
      const v = await setShadow({ task: first, version: action === "shadow" ? second! : null, actorId: null, via: "cli" });
      io.stdout(v ? `${v.modelId}@${v.version} now runs in shadow for ${v.task}: new studies, hidden from readers.\n` : `Shadow mode ended for ${first}.\n`);
      return EXIT_OK;
    }
    throw new AppError("BAD_USAGE", { userMessage: `Unknown action "${action ?? ""}"; use list, register, promote, rollback, shadow or unshadow.` });
  } finally {
    await db().$disconnect();
  }
};
