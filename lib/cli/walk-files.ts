import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Yields every file under the given paths, depth first in name order, one at a time so that a
 * caller can stream a large tree. Folders are read recursively; symbolic links to folders are not
 * followed (no cycles). A path that does not exist is yielded as it is, for the caller to report.
 */
export async function* walkFiles(paths: string[]): AsyncGenerator<string> {
  for (const root of paths) yield* walk(root);
}

async function* walk(target: string): AsyncGenerator<string> {
  let info;
  try {
    info = await lstat(target);
  } catch {
    yield target;
    return;
  }
  if (!info.isDirectory()) {
    yield target;
    return;
  }
  let names: string[];
  try {
    names = (await readdir(target)).sort();
  } catch {
    yield target;
    return;
  }
  for (const name of names) yield* walk(path.join(target, name));
}
