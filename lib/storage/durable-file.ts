import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * The few file-system steps a durable, atomic write needs on POSIX (the recipe of SQLite's and
 * PostgreSQL's own files; see also "Files are hard", Pillai et al., OSDI 2014): write the bytes to
 * a temporary name, fsync the file, rename it into place, fsync the folder that holds the new name.
 * After a crash the final name holds either nothing or the complete bytes, never a prefix.
 */

/** Temporary names: `.tmp-<pid>-<random>`, so that a sweeper can tell whose file it is. */
export const TEMP_PREFIX = ".tmp-";

export function tempName(): string {
  return `${TEMP_PREFIX}${process.pid}-${randomBytes(8).toString("hex")}`;
}

/** Writes `bytes` to a new file `file` (which must not exist) and fsyncs it before closing. */
export async function writeSynced(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, "wx", 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a folder, so that names created or renamed into it survive a crash (Linux, ext4/xfs). */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Renames `temp` to `target`, creating the target's folders when the first try says they are
 * missing (one system call in the usual case, no existence check first). Returns the folders
 * whose entries changed and must be fsynced: the target's, plus the parents of folders created.
 */
export async function renameIntoPlace(temp: string, target: string, root: string): Promise<string[]> {
  const dir = path.dirname(target);
  try {
    await rename(temp, target);
    return [dir];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dir, { recursive: true });
  await rename(temp, target);
  const dirs = [dir];
  for (let d = path.dirname(dir); d.length >= root.length && d !== path.dirname(d); d = path.dirname(d)) {
    dirs.push(d);
    if (d === root) break;
  }
  return dirs;
}

/** fsyncs each distinct folder once, all at once (the file system folds them into few journal commits). */
export async function syncDirs(dirs: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(dirs)].map(syncDir));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes temporary files left in `dir` by processes that died mid-write (a crash, SIGKILL):
 * those whose name is ours, that are older than `before` (ms since the epoch, normally this
 * process's start) and whose writer's pid is not running. Returns how many were removed.
 */
export async function sweepTempFiles(dir: string, before: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const pid = /^\.tmp-(\d+)-/.exec(name)?.[1];
    if (!pid || (Number(pid) !== process.pid && alive(Number(pid)))) continue;
    const file = path.join(dir, name);
    try {
      if ((await stat(file)).mtimeMs >= before) continue;
      await unlink(file);
      removed += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return removed;
}
