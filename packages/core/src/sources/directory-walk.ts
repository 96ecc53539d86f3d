import { constants, type ReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { isWithin } from './source-roots.js';

/** A regular file found below a source directory. */
export interface FoundFile {
  /** Relative to the source directory, `/`-separated: how the document remembers where it came from. */
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: FoundFile[];
  /** Symbolic links (to files or directories) that lead out of the source directory: skipped, to be reported. */
  escaped: string[];
}

/** The error a scan reports for a link that leads out of the source directory. */
export function linkOutside(relPath: string): AppError {
  // Neither the message nor the details say where the link leads: that is a path outside the source.
  return new AppError(
    'SOURCE_LINK_OUTSIDE',
    'forbidden',
    'a symbolic link that leads outside the source directory; skipped',
    { details: { path: relPath } },
  );
}

/**
 * Regular files below `top` (a real path), skipping hidden entries and symbolic links. Links that stay inside
 * `top` are skipped silently (their target is scanned under its own name); links that lead out — and
 * directories that turned into such links while the walk ran — are listed in `escaped` and not followed.
 */
export async function walkDirectory(top: string): Promise<WalkResult> {
  const result: WalkResult = { files: [], escaped: [] };
  const rel = (abs: string) => path.relative(top, abs).split(path.sep).join('/');
  const visit = async (dir: string): Promise<void> => {
    if (dir !== top) {
      // Checked again here: a directory seen by readdir may have been replaced by a link since.
      const real = await realpath(dir).catch(() => null);
      if (real === null) return;
      if (!isWithin(top, real)) {
        result.escaped.push(rel(dir));
        return;
      }
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => null);
        if (target !== null && !isWithin(top, target)) result.escaped.push(rel(abs));
      } else if (entry.isDirectory()) {
        await visit(abs);
      } else if (entry.isFile()) {
        const info = await stat(abs).catch(() => null);
        if (!info) continue;
        result.files.push({
          relPath: rel(abs),
          absPath: abs,
          size: info.size,
          mtimeMs: Math.floor(info.mtimeMs),
        });
      }
    }
  };
  await visit(top);
  result.files.sort((a, b) => a.relPath.localeCompare(b.relPath));
  result.escaped.sort((a, b) => a.localeCompare(b));
  return result;
}

/**
 * Opens a file found by the walk for reading, after checking again that its real path lies inside `top`: the file
 * (or a directory above it) may have been replaced by a link leading out since the walk. `O_NOFOLLOW` refuses a
 * link swapped in for the last component after that check; a swap of a directory above it in that instant is
 * the remaining window.
 */
export async function openInside(top: string, file: FoundFile): Promise<ReadStream> {
  const real = await realpath(file.absPath);
  if (!isWithin(top, real)) throw linkOutside(file.relPath);
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: unknown) => {
    throw (err as { code?: unknown }).code === 'ELOOP' ? linkOutside(file.relPath) : err;
  });
  return handle.createReadStream();
}
