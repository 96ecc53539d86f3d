import { mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readMigrationLevel, SQLITE_MIGRATIONS } from '@sift/adapter-sqlite';
import { AppError } from '@sift/core';
import * as tar from 'tar';
import { MANIFEST_NAME, corrupt, hashFile, parseManifest, type BackupManifest } from './backup-manifest.js';
import { listFiles } from './backup-writer.js';

/** Options of {@link restoreBackup}. */
export interface RestoreOptions {
  archive: string;
  /** The data dir to fill: absent or empty. */
  dataDir: string;
  /** Where blobs go (`<dataDir>/blobs` unless SIFT_BLOB_DIR moves them): absent or empty too. */
  blobDir: string;
  /** The newest migration this code knows (default: the SQLite registry's); a newer backup is refused. */
  knownMigrationLevel?: number;
}

/**
 * Restores an embedded-shape archive into an empty data dir. Everything is unpacked into a staging directory
 * beside the target and every file is checked against the manifest (size and SHA-256, nothing missing,
 * nothing extra) before anything is moved into place, so a corrupt or truncated archive (BACKUP_CORRUPT) or
 * one from a newer schema (BACKUP_TOO_NEW) leaves the target as it was. The restored database is migrated by
 * the next start; ANN indexes the manifest marks `rebuild` are rebuilt the first time a search needs them.
 */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const dataDir = path.resolve(options.dataDir);
  const blobDir = path.resolve(options.blobDir);
  const blobsInside = blobDir === path.join(dataDir, 'blobs');
  const known = options.knownMigrationLevel ?? SQLITE_MIGRATIONS.length;
  await assertEmpty(dataDir);
  if (!blobsInside) await assertEmpty(blobDir);
  if (!(await stat(options.archive).catch(() => null))?.isFile()) {
    throw new AppError('BACKUP_NOT_FOUND', 'not_found', `no backup archive at ${options.archive}`, {
      details: { archive: options.archive },
    });
  }

  await mkdir(path.dirname(dataDir), { recursive: true });
  const staging = await mkdtemp(path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.restore-`));
  try {
    unpack(options.archive, staging);
    const manifest = await readManifest(staging);
    if (manifest.shape !== 'embedded') {
      throw new AppError(
        'BACKUP_SHAPE_UNSUPPORTED',
        'user',
        'this archive holds a PostgreSQL dump: restore it with pg_restore (see docs/DEPLOYMENT.md, "Backup and restore")',
        { details: { shape: manifest.shape } },
      );
    }
    if (manifest.migrationLevel > known) {
      throw new AppError(
        'BACKUP_TOO_NEW',
        'user',
        `the backup is at schema version ${manifest.migrationLevel}, but this version of Sift knows only up to ${known}; restore it with a newer Sift`,
        {
          details: { backupLevel: manifest.migrationLevel, knownLevel: known },
          retryable: false,
        },
      );
    }
    await verifyFiles(staging, manifest);
    // The manifest is checked against the database it describes, not trusted for the schema level.
    let level: number;
    try {
      level = readMigrationLevel(path.join(staging, 'sift.db'));
    } catch (err) {
      throw corrupt(`sift.db cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (level !== manifest.migrationLevel) {
      throw corrupt('sift.db is at another schema version than the manifest says', {
        manifest: manifest.migrationLevel,
        database: level,
      });
    }
    await rm(path.join(staging, MANIFEST_NAME));
    await mkdir(path.join(staging, 'blobs'), { recursive: true });
    if (!blobsInside) {
      await rmdir(blobDir).catch(() => undefined);
      await mkdir(path.dirname(blobDir), { recursive: true });
      await rename(path.join(staging, 'blobs'), blobDir);
    }
    // An empty target goes, so that one rename puts the whole restored tree in place.
    await rmdir(dataDir).catch(() => undefined);
    await rename(staging, dataDir);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function assertEmpty(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((err: { code?: string }) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (entries.length > 0) {
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      'conflict',
      `${dir} is not empty: restore only into an empty or new directory`,
      { details: { dir, entries: entries.slice(0, 5) } },
    );
  }
}

/**
 * Unpacks plain files and directories only (no links, devices or paths out of the staging dir). Synchronously:
 * node-tar's promise rejects at the first damaged byte while the files it already started are still being
 * written, so the staging dir could not be removed (ENOTEMPTY, seen in CI) or got entries back after it was.
 * A sync unpack has nothing in flight when it throws. Restoring is a CLI step into an empty dir, nothing else
 * runs on this event loop meanwhile.
 */
function unpack(archive: string, staging: string): void {
  try {
    tar.x({
      file: archive,
      cwd: staging,
      sync: true,
      strict: true,
      // Fewer system calls per file (thousands of small blobs): modes come from the umask, times are now's.
      noChmod: true,
      noMtime: true,
      filter: (_path, entry) => {
        const type = (entry as { type?: string }).type;
        return type === 'File' || type === 'Directory';
      },
    });
  } catch (err) {
    throw corrupt(err instanceof Error ? err.message : String(err));
  }
}

async function readManifest(staging: string): Promise<BackupManifest> {
  const text = await readFile(path.join(staging, MANIFEST_NAME), 'utf8').catch(() => null);
  if (text === null) throw corrupt('manifest.json is missing');
  return parseManifest(text);
}

/** Every file of the manifest is there with its size and hash, and nothing else is. */
async function verifyFiles(staging: string, manifest: BackupManifest): Promise<void> {
  const present = new Set((await listFiles(staging)).filter((p) => p !== MANIFEST_NAME));
  for (const file of manifest.files) {
    if (!present.delete(file.path)) throw corrupt(`${file.path} is missing`, { path: file.path });
    const actual = await hashFile(path.join(staging, file.path));
    if (actual.size !== file.size || actual.sha256 !== file.sha256) {
      throw corrupt(`${file.path} does not match its checksum`, {
        path: file.path,
        expected: file.sha256,
        actual: actual.sha256,
      });
    }
  }
  if (present.size > 0)
    throw corrupt('files not listed in the manifest', { paths: [...present].slice(0, 5) });
}
