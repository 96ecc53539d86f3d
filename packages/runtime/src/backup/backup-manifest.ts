import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { AppError } from '@sift/core';

/** Version of the archive layout; a reader refuses a format it does not know. */
export const BACKUP_FORMAT = 1;

/** The manifest's name inside the archive (its first entry). */
export const MANIFEST_NAME = 'manifest.json';

/** One file of the archive, by its path inside it. */
export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

/** What an ANN index file of the snapshot became: copied (it reflects the snapshot) or to be rebuilt. */
export interface ManifestAnn {
  space: string;
  status: 'included' | 'rebuild';
}

/**
 * `manifest.json`: what the archive holds and how to check it. Counts and the migration level are read from
 * the database snapshot itself, so they describe exactly the state archived.
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  id: string;
  siftVersion: string;
  createdAt: string;
  /** `embedded`: sift.db + blobs; `postgres`: a pg_dump custom-format dump + blobs. */
  shape: 'embedded' | 'postgres';
  /** The newest schema migration of the archived database. */
  migrationLevel: number;
  counts: { documents: number; chunks: number; vectors: number; blobs: number };
  ann: ManifestAnn[];
  /** Blobs the snapshot referenced that were gone from the store even after retrying (damage at the source). */
  missingBlobs: string[];
  files: ManifestFile[];
}

/** Files up to this size are read whole: most blobs are small, and a stream per file costs more than the hash. */
const READ_WHOLE_BYTES = 4 << 20;

/** SHA-256 and size of a file (large files streamed). */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const { size } = await stat(file);
  if (size <= READ_WHOLE_BYTES) {
    const bytes = await readFile(file);
    return { sha256: hash.update(bytes).digest('hex'), size: bytes.byteLength };
  }
  let read = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    read += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), size: read };
}

/** The archive is damaged, truncated or not a Sift backup. */
export function corrupt(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('BACKUP_CORRUPT', 'user', `the backup archive is unusable: ${message}`, {
    details,
    retryable: false,
  });
}

/** Parses and shape-checks a manifest; anything off is BACKUP_CORRUPT. */
export function parseManifest(text: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt('manifest.json is not JSON');
  }
  const m = value as Partial<BackupManifest> | null;
  if (!m || typeof m !== 'object') throw corrupt('manifest.json is not an object');
  if (m.format !== BACKUP_FORMAT) throw corrupt(`unknown manifest format ${String(m.format)}`);
  const fileOk = (f: ManifestFile): boolean =>
    typeof f?.path === 'string' &&
    Number.isInteger(f.size) &&
    typeof f.sha256 === 'string' &&
    /^[0-9a-f]{64}$/u.test(f.sha256);
  if (
    typeof m.id !== 'string' ||
    !Number.isInteger(m.migrationLevel) ||
    (m.shape !== 'embedded' && m.shape !== 'postgres') ||
    !Array.isArray(m.files) ||
    !m.files.every(fileOk) ||
    !m.counts ||
    !Array.isArray(m.ann)
  ) {
    throw corrupt('manifest.json lacks required fields');
  }
  return m as BackupManifest;
}
