/** A file chosen or dropped, with its path inside the dropped folder (the name reported back). */
export interface PickedFile {
  file: File;
  name: string;
}

/**
 * The files of a drop, folders read recursively through the File System Entry API
 * (DataTransferItem.webkitGetAsEntry). Entries must be taken synchronously inside the drop event,
 * so callers pass what `entriesOfDrop` returned there.
 */
export function entriesOfDrop(data: DataTransfer): Array<FileSystemEntry | File> {
  const out: Array<FileSystemEntry | File> = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== "file") continue;
    const entry = item.webkitGetAsEntry?.();
    const file = entry ? null : item.getAsFile();
    if (entry) out.push(entry);
    else if (file) out.push(file);
  }
  return out;
}

export async function readDroppedFiles(entries: Array<FileSystemEntry | File>): Promise<PickedFile[]> {
  const files: PickedFile[] = [];
  for (const entry of entries) {
    if (entry instanceof File) files.push({ file: entry, name: entry.name });
    else await walk(entry, files);
  }
  return files;
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  const name = entry.fullPath.replace(/^\//, "");
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, name });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call: call until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}

/** Files from an <input type=file>: webkitRelativePath is set for folder pickers. */
export function filesOfInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ file, name: file.webkitRelativePath || file.name }));
}
