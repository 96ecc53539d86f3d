import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { AppError } from '@sift/core';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { archiveCorrupt, normaliseEntryName, type MemberSink } from './member-sink.js';

const STORED = 0;
const DEFLATED = 8;
/**
 * Input is fed in small pieces and the members' output drained after each, so what one piece inflates to
 * (at most ~1000× for deflate) stays bounded in memory before the sink's byte limits see it.
 */
const READ_CHUNK_BYTES = 16 * 1024;

function asCorrupt(err: unknown): unknown {
  if (err instanceof AppError || (err instanceof Error && err.name === 'AbortError')) return err;
  return archiveCorrupt(err instanceof Error ? err.message : String(err), err);
}

/**
 * Expands a zip by walking its local file headers in order (fflate's streaming Unzip), for zips whose
 * central directory cannot be trusted: writers that add data descriptors (flag bit 3) but miscount them in
 * the directory offsets, or one volume of a spanned zip. Every entry's name is checked and its bytes are
 * counted by the sink as they stream, as with the directory-based reader; a refusal part-way leaves the
 * caller to discard what was written.
 */
export async function expandZipStreaming(
  path: string,
  sink: MemberSink,
  warnings: string[],
  signal: AbortSignal,
): Promise<void> {
  let failure: unknown = null;
  let entries = 0;
  const writes: Promise<unknown>[] = [];
  const open = new Set<PassThrough>();
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file: UnzipFile) => {
    if (failure) return;
    try {
      entries++;
      sink.countEntry();
      const name = normaliseEntryName(file.name);
      // Members not started are skipped: fflate drops their (still compressed) bytes.
      if (name === null) return;
      if (file.compression !== STORED && file.compression !== DEFLATED) {
        warnings.push(`Skipped ${name}: compression method ${file.compression} is not supported`);
        return;
      }
      const out = new PassThrough();
      open.add(out);
      writes.push(
        sink.write(name, out).catch((err: unknown) => {
          failure ??= err;
          out.resume();
        }),
      );
      file.ondata = (err, data, final) => {
        if (err) {
          failure ??= archiveCorrupt(`${name}: ${err.message}`, err);
          out.destroy();
          open.delete(out);
          return;
        }
        if (!out.destroyed) out.write(data);
        if (final) {
          out.end();
          open.delete(out);
        }
      };
      file.start();
    } catch (err) {
      failure ??= err;
    }
  };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, signal })) {
      unzip.push(chunk as Buffer);
      if (failure) break;
      for (const out of open) if (out.writableNeedDrain) await once(out, 'drain', { signal });
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch (err) {
    failure ??= asCorrupt(err);
  }
  // Members cut off by the end of the data (a truncated file or a single volume) end with what they had.
  for (const out of open) out.end();
  await Promise.all(writes);
  if (failure) throw asCorrupt(failure);
  // Members stream concurrently and are recorded as they finish; their disk paths are numbered in archive
  // order, so sorting by path restores it.
  sink.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Bytes that merely start like a zip hold no local header either: that is damage, not an empty archive.
  if (entries === 0) throw archiveCorrupt('neither its central directory nor any local entry can be read');
}
