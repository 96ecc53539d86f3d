import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '@sift/core';
import tar from 'tar-stream';
import {
  archiveCorrupt,
  limitExceeded,
  normaliseEntryName,
  unsafePath,
  type MemberSink,
} from './member-sink.js';

/**
 * Tar data that is not member content (headers, padding, PAX records) is tiny in a real archive. More than
 * this means a stream of padding or a giant header record, which would cost CPU or memory without writing
 * anything the member limits see.
 */
const MAX_NON_MEMBER_BYTES = 64 * 1024 * 1024;

/** Counts the raw tar stream and stops it when it runs far ahead of the member bytes actually written. */
function nonMemberGuard(sink: MemberSink): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen - sink.totalWritten > MAX_NON_MEMBER_BYTES) {
        done(
          limitExceeded('nonMemberBytes', 'The archive holds too much data outside its members', {
            max: MAX_NON_MEMBER_BYTES,
          }),
        );
      } else {
        done(null, chunk);
      }
    },
  });
}

function asCorrupt(err: unknown): unknown {
  if (err instanceof AppError || (err instanceof Error && err.name === 'AbortError')) return err;
  return archiveCorrupt(err instanceof Error ? err.message : String(err), err);
}

/** Drains a member stream we do not keep. */
function skip(stream: Readable, next: (err?: unknown) => void): void {
  stream.on('end', () => next());
  stream.resume();
}

/**
 * Expands a tar (gzip-compressed when `gzipped`) into the sink, streaming: each entry is checked as it comes
 * (links and devices refuse the archive, directories are skipped) and its bytes are counted while written.
 * tar-stream resolves GNU long names and PAX paths before an entry reaches us; v7 tars without magic are read.
 */
export async function expandTar(
  path: string,
  gzipped: boolean,
  sink: MemberSink,
  warnings: string[],
  signal: AbortSignal,
): Promise<void> {
  // Old (v7) tars have no ustar/gnu magic; their headers still carry a checksum, which tar-stream verifies,
  // so accepting them does not let random bytes pass as a tar.
  const extract = tar.extract({ allowUnknownFormat: true });
  extract.on('entry', (header: tar.Headers, stream: Readable, next: (err?: unknown) => void) => {
    try {
      signal.throwIfAborted();
      sink.countEntry();
      const name = normaliseEntryName(header.name);
      const type = header.type ?? 'file';
      if (type === 'symlink' || type === 'link')
        throw unsafePath(header.name, `${type} to ${header.linkname ?? ''}`);
      if (type === 'character-device' || type === 'block-device' || type === 'fifo') {
        throw unsafePath(header.name, `special file (${type})`);
      }
      if (name === null || type === 'directory') return skip(stream, next);
      if (type !== 'file' && type !== 'contiguous-file') {
        warnings.push(`Skipped ${name}: entry type ${type}`);
        return skip(stream, next);
      }
      sink.write(name, stream).then(
        () => next(),
        (err: unknown) => next(err),
      );
    } catch (err) {
      next(err);
    }
  });
  const stages: NodeJS.ReadWriteStream[] = gzipped
    ? [createGunzip(), nonMemberGuard(sink)]
    : [nonMemberGuard(sink)];
  try {
    await pipeline([createReadStream(path), ...stages, extract], { signal });
  } catch (err) {
    throw asCorrupt(err);
  }
}
