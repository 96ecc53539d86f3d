import { AppError } from '@sift/core';
import yauzl from 'yauzl';
import { archiveCorrupt, normaliseEntryName, unsafePath, type MemberSink } from './member-sink.js';
import { expandZipStreaming } from './zip-stream-expander.js';

/** `versionMadeBy` host 3: the external attributes carry a Unix mode in their upper 16 bits. */
const HOST_UNIX = 3;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
/** MS-DOS directory attribute. */
const DOS_DIRECTORY = 0x10;
const STORED = 0;
const DEFLATED = 8;

/** Whether the entry is a directory; throws for symlinks, devices and other non-regular Unix types. */
function isDirectory(entry: yauzl.Entry, name: string): boolean {
  if (entry.versionMadeBy >> 8 === HOST_UNIX) {
    const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (type === S_IFDIR) return true;
    if (type !== 0 && type !== S_IFREG) {
      throw unsafePath(name, type === 0o120000 ? 'symbolic link' : 'special file (device, fifo or socket)');
    }
  }
  return (entry.externalFileAttributes & DOS_DIRECTORY) !== 0 && entry.uncompressedSize === 0;
}

function asCorrupt(err: unknown): unknown {
  if (err instanceof AppError || (err instanceof Error && err.name === 'AbortError')) return err;
  return archiveCorrupt(err instanceof Error ? err.message : String(err), err);
}

/** A failure of yauzl itself (not a limit, path or abort of ours): the central directory is unreadable. */
function isDirectoryDamage(err: unknown): boolean {
  return !(err instanceof AppError) && !(err instanceof Error && err.name === 'AbortError');
}

/**
 * Expands a zip into the sink. The whole central directory is read and checked first (names, types, entry
 * count, declared sizes), so an unsafe entry refuses the archive before any byte is written; then members
 * stream one by one, counted by the sink (yauzl also fails an entry that inflates past its declared size).
 * A central directory yauzl cannot read (offsets miscounted around data descriptors, a lone volume) sends the
 * zip to the streaming reader, which walks the local headers instead.
 */
export async function expandZip(
  path: string,
  sink: MemberSink,
  warnings: string[],
  signal: AbortSignal,
): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (err) {
    if (isDirectoryDamage(err)) return expandZipStreaming(path, sink, warnings, signal);
    throw asCorrupt(err);
  }
  let fallback = false;
  try {
    const members: { entry: yauzl.Entry; name: string }[] = [];
    let declared = 0;
    let encrypted = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        signal.throwIfAborted();
        sink.countEntry();
        const raw = yauzl.getFileNameLowLevel(
          entry.generalPurposeBitFlag,
          entry.fileNameRaw,
          entry.extraFields,
          false,
        );
        const name = normaliseEntryName(raw);
        if (name === null || isDirectory(entry, raw)) continue;
        if (entry.isEncrypted()) {
          encrypted++;
          warnings.push(`Skipped encrypted entry ${name}`);
          continue;
        }
        if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
          warnings.push(`Skipped ${name}: compression method ${entry.compressionMethod} is not supported`);
          continue;
        }
        declared += entry.uncompressedSize;
        members.push({ entry, name });
      }
    } catch (err) {
      // Nothing is written while the directory is read, so the streaming reader can start afresh.
      if (isDirectoryDamage(err)) fallback = true;
      else throw err;
    }
    if (!fallback) {
      if (encrypted > 0 && members.length === 0) {
        throw new AppError('DOCUMENT_ENCRYPTED', 'user', 'The archive is password-protected', {
          retryable: false,
        });
      }
      sink.checkDeclared(declared);
      for (const { entry, name } of members) {
        signal.throwIfAborted();
        try {
          await sink.write(name, await zip.openReadStreamPromise(entry));
        } catch (err) {
          throw asCorrupt(err);
        }
      }
    }
  } finally {
    zip.close();
  }
  if (fallback) await expandZipStreaming(path, sink, warnings, signal);
}
