/**
 * Files with the folder they came from: a dropped folder is read entry by entry (the File and Directory
 * Entries API, `webkitGetAsEntry`), and `<input webkitdirectory>` gives `webkitRelativePath`. The path is
 * kept beside the File (a WeakMap) because File objects cannot carry extra fields through react-dropzone.
 */
const relativePaths = new WeakMap<File, string>();

/** `photos/2024/a.jpg` for a file from a dropped or chosen folder; `a.jpg` for a loose file. */
export function relativePathOf(file: File): string {
  return relativePaths.get(file) || file.webkitRelativePath || file.name;
}

/** The folder part of a relative path (`photos/2024`), or '' for a loose file. */
export function directoryOf(relativePath: string): string {
  const cut = relativePath.lastIndexOf('/');
  return cut < 0 ? '' : relativePath.slice(0, cut);
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All entries of a directory: `readEntries` answers in batches (about 100 in Chromium) until an empty one. */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, into: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    // fullPath is `/photos/2024/a.jpg` from the root of the drop.
    relativePaths.set(file, entry.fullPath.replace(/^\/+/, ''));
    into.push(file);
  } else if (entry.isDirectory) {
    for (const child of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(child, into);
  }
}

/**
 * The files of a drop, folders read recursively; for a file input's change event, its files. Passed to the
 * drop zone as `getFilesFromEvent`, so dropping a folder uploads what is inside it.
 */
export async function filesFromEvent(event: unknown): Promise<(File | DataTransferItem)[]> {
  const drop = event as DragEvent;
  if (drop.dataTransfer) {
    // Entries must be taken synchronously: the DataTransfer empties once this event handler yields.
    const entries = Array.from(drop.dataTransfer.items ?? [])
      .filter((item) => item.kind === 'file')
      .map((item) => item.webkitGetAsEntry?.() ?? item.getAsFile());
    // While dragging over (dragenter), the files cannot be read yet; the zone only needs to know there are some.
    if (drop.type !== 'drop') return Array.from(drop.dataTransfer.items ?? []);
    const files: File[] = [];
    for (const entry of entries) {
      if (!entry) continue;
      if (entry instanceof File) files.push(entry);
      else await walk(entry, files);
    }
    return files;
  }
  const input = (event as { target?: { files?: FileList | null } }).target;
  return Array.from(input?.files ?? []);
}
