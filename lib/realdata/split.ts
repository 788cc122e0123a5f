import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors/app-error";

export const REALDATA_SPLITS = ["train", "validation", "test"] as const;
export type TRealdataSplit = (typeof REALDATA_SPLITS)[number];

/** Where the trainer commits the by-exam split (models/training/realdata_split.json at the repository root). */
export const REALDATA_SPLIT_FILE = path.resolve(__dirname, "../../models/training/realdata_split.json");

const examId = (name: string) => name.replace(/\.npz$/, "");

/**
 * Exam id → split from a parsed split document. Accepted shapes (AI-CONTRACT.md, "Real-exam split"):
 * `{"train": [ids], "validation": [ids], "test": [ids], …}`, the same three lists under `splits` or
 * `exams`, or a flat `{"<id>": "train" | "validation" | "test"}`. Ids may carry `.npz`.
 *
 * @throws AppError INVALID_INPUT for any other shape, an unknown split name, or an exam listed twice.
 */
export function parseRealdataSplit(json: unknown, source = REALDATA_SPLIT_FILE): Map<string, TRealdataSplit> {
  const bad = (why: string) => new AppError("INVALID_INPUT", { userMessage: `${source}: ${why}` });
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw bad("not a JSON object.");
  const root = json as Record<string, unknown>;
  const lists = [root, root.splits, root.exams].find(
    (o): o is Record<string, unknown> => typeof o === "object" && o !== null && !Array.isArray(o) && REALDATA_SPLITS.some((s) => Array.isArray((o as Record<string, unknown>)[s])),
  );
  const out = new Map<string, TRealdataSplit>();
  const put = (name: unknown, split: TRealdataSplit) => {
    if (typeof name !== "string") throw bad("exam ids must be strings.");
    const id = examId(name);
    if (out.has(id) && out.get(id) !== split) throw bad(`${id} is in both ${out.get(id)} and ${split}.`);
    out.set(id, split);
  };
  if (lists) {
    for (const split of REALDATA_SPLITS) {
      const list = lists[split];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw bad(`"${split}" is not a list of exam ids.`);
      for (const name of list) put(name, split);
    }
    return out;
  }
  const entries = Object.entries(root).filter(([k]) => k !== "schema" && k !== "seed");
  if (entries.length === 0) throw bad("lists no exam.");
  for (const [name, split] of entries) {
    if (!REALDATA_SPLITS.includes(split as TRealdataSplit)) throw bad(`${name} has split ${JSON.stringify(split)}; expected train, validation or test.`);
    put(name, split as TRealdataSplit);
  }
  return out;
}

/**
 * Reads the split file.
 *
 * @throws AppError INVALID_INPUT when it is absent (the message says to use `--split all` until the
 *   trainer commits it) or malformed.
 */
export async function readRealdataSplit(file = REALDATA_SPLIT_FILE): Promise<Map<string, TRealdataSplit>> {
  const text = await readFile(file, "utf8").catch((cause: unknown) => {
    throw new AppError("INVALID_INPUT", { userMessage: `No split file at ${file}; run with --split all, or once the trainer has committed it.`, cause });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError("INVALID_INPUT", { userMessage: `${file} is not JSON.`, cause });
  }
  return parseRealdataSplit(json, file);
}
