import { db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { stopBoss } from "../../jobs/queue";
import { testPacsNode } from "../../pacs/dicomweb";
import { findInPacs } from "../../pacs/find-in-pacs";
import { listPacsNodes, loadPacsNode, removePacsNode, savePacsNode, type TPacsAuthKind } from "../../pacs/pacs-nodes";
import { pullStudy, type TPullProgress } from "../../pacs/pull-study";
import { listPacsPushes, queuePacsPush, runPacsPush } from "../../pacs/push-results";
import { afterStudyImported } from "../../studies/after-study-imported";
import { parseCliArgs } from "../args";
import { EXIT_FAILED, EXIT_OK, type CliIO, type CliRun } from "../types";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

/** Control characters in PACS text are escaped so that they cannot drive the terminal. */
const safe = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

const OPTIONS = {
  url: { type: "string" },
  auth: { type: "string" },
  user: { type: "string" },
  "secret-stdin": { type: "boolean" },
  "timeout-ms": { type: "string" },
  "no-push-on-sign": { type: "boolean" },
  node: { type: "string" },
  "patient-id": { type: "string" },
  date: { type: "string" },
  modality: { type: "string" },
  description: { type: "string" },
  study: { type: "string" },
  series: { type: "string", multiple: true },
  json: { type: "boolean" },
} as const;

/**
 * `discern pacs add|list|test|remove|find|pull|push` (issue 15): DICOMweb nodes, QIDO-RS search,
 * WADO-RS retrieve into the normal import, STOW-RS of a signed study's SR and PDF. Secrets come
 * on standard input (`--secret-stdin`), never as arguments, and are never printed.
 */
export const run: CliRun = async (argv, io) => {
  const { positionals, values } = parseCliArgs(argv, OPTIONS);
  const [action, arg] = positionals;
  try {
    switch (action) {
      case "add": {
        if (!arg || !values.url) throw new AppError("BAD_USAGE", { userMessage: "Usage: discern pacs add <name> --url <dicomweb root> [--auth none|basic|bearer] [--user <u>] [--secret-stdin] [--timeout-ms <n>]." });
        const secret = values["secret-stdin"] ? await readStdin() : undefined;
        const node = await savePacsNode(
          { name: arg, baseUrl: values.url, authKind: (values.auth ?? "none").toUpperCase() as TPacsAuthKind, username: values.user, secret, timeoutMs: values["timeout-ms"] ? Number(values["timeout-ms"]) : undefined, pushOnSign: !values["no-push-on-sign"] },
          { actorId: null, via: "cli" },
        );
        io.stdout(`PACS node ${node.name} saved (${node.baseUrl}, auth ${node.authKind.toLowerCase()}${node.hasSecret ? ", secret stored encrypted" : ""}).\n`);
        return EXIT_OK;
      }
      case "list": {
        const nodes = await listPacsNodes();
        if (values.json) io.stdout(`${JSON.stringify(nodes)}\n`);
        else for (const n of nodes) io.stdout(`${n.name}\t${n.baseUrl}\tauth ${n.authKind.toLowerCase()}${n.username ? ` (${n.username})` : ""}\ttimeout ${n.timeoutMs} ms\t${n.pushOnSign ? "push on sign" : "no push on sign"}\n`);
        if (!values.json && nodes.length === 0) io.stdout("No PACS nodes; add one with discern pacs add.\n");
        return EXIT_OK;
      }
      case "test": {
        if (!arg) throw new AppError("BAD_USAGE", { userMessage: "Usage: discern pacs test <name>." });
        const { ms } = await testPacsNode(await loadPacsNode(arg));
        io.stdout(`PACS node ${arg} answered QIDO-RS in ${ms} ms.\n`);
        return EXIT_OK;
      }
      case "remove": {
        if (!arg) throw new AppError("BAD_USAGE", { userMessage: "Usage: discern pacs remove <name>." });
        await removePacsNode(arg, { actorId: null, via: "cli" });
        io.stdout(`PACS node ${arg} removed.\n`);
        return EXIT_OK;
      }
      case "find":
        return await find(values, io);
      case "pull":
        return await pull(values, io);
      case "push":
        return await push(arg, values, io);
      default:
        throw new AppError("BAD_USAGE", { userMessage: "Give one of: add, list, test, remove, find, pull, push." });
    }
  } finally {
    await stopBoss();
    await db().$disconnect();
  }
};

type TValues = ReturnType<typeof parseCliArgs<typeof OPTIONS>>["values"];

async function find(values: TValues, io: CliIO): Promise<number> {
  if (!values.node) throw new AppError("BAD_USAGE", { userMessage: "--node <name> is required." });
  const studies = await findInPacs({ node: values.node, patientId: values["patient-id"], date: values.date, modality: values.modality, description: values.description }, { actorId: null, via: "cli" });
  if (values.json) {
    io.stdout(`${JSON.stringify(studies)}\n`);
    return EXIT_OK;
  }
  for (const s of studies) {
    io.stdout(`study ${s.studyInstanceUid}  ${s.studyDate}  ${safe(s.modalities)}  ${safe(s.description)}  patient ${safe(s.patientId)}  ${s.instances ?? "?"} instance(s), ${s.instancesInDiscern} in discern\n`);
    for (const r of s.series) io.stdout(`  series ${r.seriesInstanceUid}  #${r.seriesNumber}  ${r.modality}  ${safe(r.description)}  ${r.instances ?? "?"} instance(s)\n`);
  }
  io.stdout(`${studies.length} study(ies) found.\n`);
  return EXIT_OK;
}

async function pull(values: TValues, io: CliIO): Promise<number> {
  if (!values.node || !values.study) throw new AppError("BAD_USAGE", { userMessage: "Usage: discern pacs pull --node <name> --study <StudyInstanceUID> [--series <uid>]..." });
  let last = 0;
  const line = (p: TPullProgress) => `pull: ${p.retrieved + p.failed}/${p.instancesTotal - p.alreadyStored} to fetch (${p.alreadyStored} already in discern), ${(p.bytes / 1e6).toFixed(1)} MB, ${p.failed} failed\n`;
  const result = await pullStudy(
    { node: values.node, studyInstanceUid: values.study, seriesInstanceUids: values.series },
    {
      actorId: null,
      via: "cli",
      afterStudyImported,
      onProgress: (p) => {
        if (Date.now() - last >= 1000 || p.retrieved + p.failed + p.alreadyStored === p.instancesTotal) {
          last = Date.now();
          io.progress(line(p));
        }
      },
    },
  );
  if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
  else {
    for (const p of result.problems) io.stdout(`problem ${p.sopInstanceUid}: ${safe(p.reason)}\n`);
    io.stdout(`${result.instancesTotal} instance(s) on the PACS: ${result.imported} imported, ${result.alreadyStored} already in discern, ${result.failed} failed (${(result.elapsedMs / 1000).toFixed(1)} s).\n`);
  }
  return result.failed > 0 || result.problems.length > 0 ? EXIT_FAILED : EXIT_OK;
}

async function push(studyUid: string | undefined, values: TValues, io: CliIO): Promise<number> {
  if (!studyUid || !values.node) throw new AppError("BAD_USAGE", { userMessage: "Usage: discern pacs push <StudyInstanceUID> --node <name>." });
  const study = await db().study.findUnique({ where: { studyInstanceUid: studyUid }, select: { id: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "No study with that Study Instance UID." });
  const [pushId] = await queuePacsPush({ studyId: study.id, node: values.node, via: "cli" });
  try {
    // Sent now; if it fails the queued job retries it with backoff (the worker).
    await runPacsPush(pushId!, { final: false });
  } catch (error) {
    io.stderr(`discern pacs push: ${error instanceof AppError ? error.userMessage : "the push failed"} The worker retries it.\n`);
    return EXIT_FAILED;
  }
  const view = (await listPacsPushes(study.id)).find((p) => p.pushId === pushId);
  io.stdout(`Pushed the signed SR and PDF to ${values.node} (${view?.status ?? "SENT"}).\n`);
  return EXIT_OK;
}
