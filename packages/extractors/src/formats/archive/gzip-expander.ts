import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { AppError } from '@sift/core';
import { archiveCorrupt, type MemberSink } from './member-sink.js';

/** The member name of a gzip file: its own name without `.gz` (gzip holds one file, its stored name is optional). */
export function gunzippedName(filename: string): string {
  const base = basename(filename.replace(/\\/gu, '/'));
  const stripped = base.replace(/\.gz$/iu, '').replace(/\.tgz$/iu, '.tar');
  return stripped === '' || stripped === base ? `${stripped || 'file'}.out` : stripped;
}

/** Expands a plain .gz into one member, counted by the sink while it inflates. */
export async function expandGzip(path: string, filename: string, sink: MemberSink): Promise<void> {
  sink.countEntry();
  try {
    await sink.write(gunzippedName(filename), createReadStream(path), [createGunzip()]);
  } catch (err) {
    if (err instanceof AppError || (err instanceof Error && err.name === 'AbortError')) throw err;
    throw archiveCorrupt(err instanceof Error ? err.message : String(err), err);
  }
}
