import type { CliCommandSpec } from "./types";

/**
 * Every `discern` subcommand, registered in this one place. Each module under ./commands exports
 * `run(argv, io)`; it is imported only when its command runs.
 */
export const COMMANDS: CliCommandSpec[] = [
  {
    name: "user",
    summary: "List users, add one, or set a password (password on standard input).",
    usage: "discern user list [--json] | discern user add <email> --name <name> --role <admin|supervisor|radiologist|annotator> | discern user set-password <email>",
    load: () => import("./commands/user"),
  },
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
    name: "import",
    summary: "Import DICOM files, folders and zips into the database and the blob store.",
    usage: "discern import <path...> [--json]",
    load: () => import("./commands/import"),
  },
  {
    name: "phantom",
    summary: "Generate synthetic lumbar MRI studies (DICOM + truth.json), deterministic by seed.",
    usage: "discern phantom --out <dir> --seed <n> [--count <k>] [--variant <name>] [--mix normal,bulge,herniation]",
    load: () => import("./commands/phantom"),
  },
  {
    name: "analyze",
    summary: "Analyse a folder of DICOM files and print the discern.analysis/v1 document (one per line per study with --json when the folder holds several studies).",
    usage: "discern analyze <dir> [--json] [--vertebrae <file>] [--device cpu|webgpu|cuda]",
    load: () => import("./commands/analyze"),
  },
];

COMMANDS.push({
  name: "deidentify",
  summary: "De-identify DICOM files (PS3.15 Basic Profile) into <out>/<patient>/<study>/<series>/<instance>.dcm, all pseudonyms, verified file by file.",
  usage: "discern deidentify <path...> --out <dir> [--secret-env <NAME>] [--flag-burned-in] [--json]",
  load: () => import("./commands/deidentify"),
});

COMMANDS.push({
  name: "eval",
  summary: "Score the pipeline (the paper's table, n and Wilson 95% intervals) on phantom studies, the real exams, or a frozen dataset's signed labels.",
  usage: "discern eval <dir...> | --realdata <dir> [--split train|validation|test|all] [--split-file <json>] | --dataset <name>[@<version>] [--split train|val|test|all] | --dataset <name>@<version> --models <modelId@version>,<modelId@version>  [--model vertebrae|roi|classifier=<folder>] [--json] [--device cpu|webgpu|cuda]",
  load: () => import("./commands/eval"),
});

COMMANDS.push({
  name: "stats",
  summary: "Agreement and model-performance statistics (the supervisor dashboard) from the database.",
  usage: "discern stats [--json] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--reader <userId>] [--model-version <modelId@version>] [--level <L4-L5>]",
  load: () => import("./commands/stats"),
});

COMMANDS.push({
  name: "report",
  summary: "Write a signed study's report: PDF (default), DICOM SR or FHIR R4 JSON.",
  usage: "discern report <studyInstanceUid> --out <file> [--format pdf|sr|fhir]",
  load: () => import("./commands/report"),
});

COMMANDS.push({
  name: "export",
  summary: "Export a frozen dataset version (discern.dataset/v1): COCO, classification crops or de-identified DICOM.",
  usage: "discern export --format <coco|classification|dicom> --out <dir> [--dataset <name>]",
  load: () => import("./commands/export"),
});

COMMANDS.push({
  name: "models",
  summary: "The model registry: list versions, register a model folder, promote a version, roll back a task.",
  usage: "discern models list [--json] | discern models register <dir> [--dataset <name@version>] [--promote] | discern models promote <task> <version> | discern models rollback <task> | discern models shadow <task> <version> | discern models unshadow <task>",
  load: () => import("./commands/models"),
});

COMMANDS.push({
  name: "pacs",
  summary: "PACS over DICOMweb: configure nodes, find and pull studies (QIDO-RS, WADO-RS), push signed results (STOW-RS).",
  usage: "discern pacs add <name> --url <dicomweb root> [--auth none|basic|bearer] [--user <u>] [--secret-stdin] [--timeout-ms <n>] [--no-push-on-sign] | discern pacs list [--json] | discern pacs test <name> | discern pacs remove <name> | discern pacs find --node <n> [--patient-id <id>] [--date YYYYMMDD[-YYYYMMDD]] [--modality MR] [--description <text>] [--json] | discern pacs pull --node <n> --study <uid> [--series <uid>]... [--json] | discern pacs push <StudyInstanceUID> --node <n>",
  load: () => import("./commands/pacs"),
});

export function findCommand(name: string): CliCommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
