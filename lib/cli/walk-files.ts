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
  yield* walkDir(target);
}

/** A folder's entries: their types come with the listing, so no file costs a stat here. */
async function* walkDir(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    yield dir;
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // A symbolic link is yielded as it is, even to a folder (never followed: no cycles).
    if (entry.isDirectory()) yield* walkDir(full);
    else yield full;
  }
}
