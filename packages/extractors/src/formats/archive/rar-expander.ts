import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '@sift/core';
import { createExtractorFromFile, UnrarError } from 'node-unrar-js';
import { archiveCorrupt, normaliseEntryName, type MemberSink } from './member-sink.js';

/** The write hook unrar's WebAssembly calls for every output buffer (not in the package's public types). */
type WriteHook = (fd: number, buf: number, size: number) => boolean;

/**
 * node-unrar-js keeps one WebAssembly module per process and routes its file I/O to whichever extractor was
 * created last. Pointing it back at ours right before each synchronous pass keeps concurrent extractions
 * (another document awaiting between our calls) from writing into each other's files.
 */
function own<T>(extractor: T): T {
  const internal = extractor as unknown as { unrar: { extractor: unknown } };
  internal.unrar.extractor = extractor;
  return extractor;
}

function fromUnrar(err: unknown, limitError: AppError | null): unknown {
  if (limitError) return limitError;
  if (err instanceof AppError) return err;
  if (err instanceof UnrarError) {
    if (err.reason === 'ERAR_MISSING_PASSWORD' || err.reason === 'ERAR_BAD_PASSWORD') {
      return new AppError('DOCUMENT_ENCRYPTED', 'user', 'The archive is password-protected', {
        retryable: false,
      });
    }
    return archiveCorrupt(`${err.reason}: ${err.message}`, err);
  }
  return archiveCorrupt(err instanceof Error ? err.message : String(err), err);
}

/**
 * Expands a RAR archive with unrar compiled to WebAssembly (node-unrar-js, offline). Headers are listed and
 * checked first, so an unsafe name refuses the archive before anything is written; then members are written
 * to paths we choose (never the names inside the archive), and every buffer unrar writes is counted by the
 * sink through the extractor's write hook — a refusal there makes unrar stop with a write error. (unrar never
 * writes more than a header declares, but the declared sizes are not what the limits trust.)
 * The extraction itself is synchronous WebAssembly; the abort signal is checked before and after it.
 */
export async function expandRar(
  path: string,
  sink: MemberSink,
  warnings: string[],
  signal: AbortSignal,
): Promise<void> {
  const targets = new Map<string, string>();
  let encrypted = 0;
  let limitError: AppError | null = null;
  try {
    const lister = await createExtractorFromFile({ filepath: path });
    // Read every header before checking any: unrar's iterators must run to their end or leak the archive.
    for (const header of [...own(lister).getFileList().fileHeaders]) {
      sink.countEntry();
      const name = normaliseEntryName(header.name);
      if (name === null || header.flags.directory) continue;
      if (header.flags.encrypted) {
        encrypted++;
        warnings.push(`Skipped encrypted entry ${name}`);
        continue;
      }
      targets.set(header.name, name);
    }
    if (encrypted > 0 && targets.size === 0) {
      throw new AppError('DOCUMENT_ENCRYPTED', 'user', 'The archive is password-protected', {
        retryable: false,
      });
    }
    signal.throwIfAborted();

    const diskPaths = new Map<string, string>();
    for (const [raw, name] of targets) diskPaths.set(raw, sink.pathFor(name));
    const extractor = await createExtractorFromFile({
      filepath: path,
      targetPath: sink.dir,
      filenameTransform: (raw) => basename(diskPaths.get(raw) ?? sink.pathFor('unexpected')),
    });
    const hooked = extractor as unknown as { write: WriteHook };
    const write = hooked.write.bind(extractor);
    hooked.write = (fd, buf, size) => {
      try {
        sink.addBytes(size);
      } catch (err) {
        limitError = err as AppError;
        return false;
      }
      return write(fd, buf, size);
    };
    // After a refusal the filter skips the remaining members, so the iterator still runs to its end.
    const files = own(extractor).extract({ files: (h) => limitError === null && targets.has(h.name) }).files;
    const extracted = [...files].map((f) => f.fileHeader.name);
    if (limitError) throw limitError;
    signal.throwIfAborted();
    for (const raw of extracted) {
      const diskPath = diskPaths.get(raw)!;
      const name = targets.get(raw)!;
      const written = await stat(diskPath).catch(() => null);
      // unrar's WebAssembly build creates no links: a symlink entry yields no file, so there is nothing to follow.
      if (written) sink.record(name, diskPath, written.size);
      else warnings.push(`Skipped ${name}: not a regular file`);
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') throw err;
    throw fromUnrar(err, limitError);
  }
}
