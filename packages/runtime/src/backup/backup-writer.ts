import { copyFile, link, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { annPaths, readSidecar, readSnapshotFacts, type SqliteSnapshotFacts } from '@sift/adapter-sqlite';
import { silentLogger, type Logger } from '@sift/core';
import * as tar from 'tar';
import { SIFT_VERSION } from '../version.js';
import {
  BACKUP_FORMAT,
  MANIFEST_NAME,
  hashFile,
  type BackupManifest,
  type ManifestAnn,
  type ManifestFile,
} from './backup-manifest.js';

/** Where the embedded shape keeps what a backup takes, and how to snapshot its live database. */
export interface EmbeddedBackupSource {
  /** Writes a consistent copy of the live database to `file` (SQLite's online backup API). */
  snapshot(file: string): Promise<void>;
  blobDir: string;
  indexDir: string;
  /** Signing keys (`<data>/keys`). */
  keysDir: string;
  /** A directory on the data dir's file system for staging (`<data>/tmp`). */
  workDir: string;
}

/** What one written archive is. */
export interface WrittenBackup {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/** Snapshots taken again, at most, when blobs the snapshot references vanish before they are pinned. */
const SNAPSHOT_ATTEMPTS = 3;

/**
 * Writes one archive (`dest`, tar + gzip) of the embedded shape while Sift keeps serving and ingesting.
 *
 * Consistency of the blobs: the set of blobs is read FROM THE SNAPSHOT, never from the live store, so blobs
 * uploaded after it do not matter. Blobs are content-addressed and immutable, so a blob file that exists is
 * the right bytes; the only race is a deletion (a document deleted after the snapshot drops the last reference
 * and its bytes go at once, or the sweeper collects them). Right after the snapshot each referenced blob is
 * pinned by a hard link in the staging dir — a hard link keeps the bytes however the original name is removed
 * later, and takes microseconds, so the window between the snapshot and the pin is short. A blob already gone
 * in that window means the snapshot is older than the store: it is taken again (up to three times); blobs
 * still missing after that are damage at the source, recorded in the manifest's `missingBlobs`.
 *
 * The ANN index files are copied only when their sidecar names the snapshot's state of the space (and the
 * file hashes as the sidecar says); otherwise the manifest says `rebuild`, and the restored instance rebuilds
 * the index the first time a search needs it (AnnIndexes treats a missing index like a stale one).
 */
export async function writeEmbeddedBackup(
  source: EmbeddedBackupSource,
  options: { id: string; dest: string; logger?: Logger; now?: () => Date },
): Promise<WrittenBackup> {
  const logger = options.logger ?? silentLogger;
  return writeArchive(source, options, async (staging) => {
    const { facts, missing } = await snapshotWithBlobs(source, staging, logger);
    const ann = await stageAnnIndexes(source.indexDir, facts, staging);
    return {
      shape: 'embedded',
      migrationLevel: facts.migrationLevel,
      counts: facts.counts,
      ann,
      missingBlobs: missing,
    };
  });
}

/** What a shape's own staging leaves for the manifest. */
export type StagedState = Pick<
  BackupManifest,
  'shape' | 'migrationLevel' | 'counts' | 'ann' | 'missingBlobs'
>;

/**
 * The steps every shape's archive shares: a staging dir on the data dir's file system, the shape's own
 * staging (`stage`: database and blobs), the signing keys, a manifest hashing every staged file, and the
 * archive written beside `dest` and renamed into place (nothing half-written is left on failure).
 */
export async function writeArchive(
  target: { workDir: string; keysDir: string },
  options: { id: string; dest: string; now?: () => Date },
  stage: (staging: string) => Promise<StagedState>,
): Promise<WrittenBackup> {
  await mkdir(target.workDir, { recursive: true });
  const staging = await mkdtemp(path.join(target.workDir, `backup-${options.id}-`));
  const partial = `${options.dest}.partial`;
  try {
    const createdAt = (options.now?.() ?? new Date()).toISOString();
    const { shape, migrationLevel, counts, ann, missingBlobs } = await stage(staging);
    await stageKeys(target.keysDir, path.join(staging, 'keys'));
    const paths = await listFiles(staging);
    const files: ManifestFile[] = [];
    for (const rel of paths) files.push({ path: rel, ...(await hashFile(path.join(staging, rel))) });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      id: options.id,
      siftVersion: SIFT_VERSION,
      createdAt,
      shape,
      migrationLevel,
      counts,
      ann,
      missingBlobs,
      files,
    };
    await writeFile(path.join(staging, MANIFEST_NAME), JSON.stringify(manifest, null, 2));
    return await packArchive(staging, [MANIFEST_NAME, ...paths], options.dest, partial, manifest);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Writes the archive beside its destination and renames it into place, with the manifest as `<dest>.json`. */
async function packArchive(
  staging: string,
  entries: string[],
  dest: string,
  partial: string,
  manifest: BackupManifest,
): Promise<WrittenBackup> {
  await mkdir(path.dirname(dest), { recursive: true });
  // Manifest first: a reader learns the format and the migration level before the bulk of the data.
  await tar.c({ gzip: true, cwd: staging, file: partial, portable: true, noDirRecurse: true }, entries);
  const { size } = await hashFile(partial);
  await writeFile(`${dest}.json`, JSON.stringify(manifest, null, 2));
  await rename(partial, dest);
  return { file: dest, bytes: size, manifest };
}

/** Snapshots the database into the staging dir and pins the blobs it references (see writeEmbeddedBackup). */
async function snapshotWithBlobs(
  source: EmbeddedBackupSource,
  staging: string,
  logger: Logger,
): Promise<{ facts: SqliteSnapshotFacts; missing: string[] }> {
  const dbFile = path.join(staging, 'sift.db');
  const blobs = path.join(staging, 'blobs');
  for (let attempt = 1; ; attempt += 1) {
    await rm(dbFile, { force: true });
    await rm(blobs, { recursive: true, force: true });
    await source.snapshot(dbFile);
    const facts = readSnapshotFacts(dbFile);
    const missing = await pinBlobs(
      facts.blobs.map((b) => b.sha256),
      source.blobDir,
      blobs,
    );
    if (missing.length === 0) return { facts, missing };
    if (attempt >= SNAPSHOT_ATTEMPTS) {
      logger.warn(
        { missing: missing.slice(0, 10), count: missing.length },
        'backup: referenced blobs are missing',
      );
      return { facts, missing };
    }
    logger.info(
      { attempt, missing: missing.length },
      'backup: blobs deleted since the snapshot; snapshotting again',
    );
  }
}

/** The path of a blob under a blob root (FsBlobStore's layout). */
export function blobPath(root: string, sha256: string): string {
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Hard-links (or, across file systems, copies) each blob into `dest`; returns the hashes that were gone. */
export async function pinBlobs(hashes: string[], blobDir: string, dest: string): Promise<string[]> {
  const missing: string[] = [];
  const made = new Set<string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < hashes.length) {
      const sha = hashes[next++]!;
      const to = blobPath(dest, sha);
      const dir = path.dirname(to);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      if (!(await pin(blobPath(blobDir, sha), to))) missing.push(sha);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return missing.sort();
}

/** Links `from` to `to`; copies when linking is impossible; false when `from` does not exist. */
async function pin(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw err;
  }
  try {
    await copyFile(from, to);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return false;
    throw err;
  }
}

/** Pins each space's ANN files that reflect the snapshot; the rest are marked for rebuilding. */
async function stageAnnIndexes(
  indexDir: string,
  facts: SqliteSnapshotFacts,
  staging: string,
): Promise<ManifestAnn[]> {
  const out = path.join(staging, 'indexes');
  const ann: ManifestAnn[] = [];
  for (const space of facts.spaces) {
    const live = annPaths(indexDir, space.id);
    const staged = annPaths(out, space.id);
    await mkdir(out, { recursive: true });
    // Sidecar first: a concurrent rebuild renames the index, then the sidecar; the hash check below catches a
    // pair from two different builds.
    const hasSidecar = await pin(live.sidecar, staged.sidecar);
    const hasIndex = hasSidecar && (await pin(live.index, staged.index));
    if (!hasSidecar && !hasIndex) continue; // a space small enough to be searched exactly has no ANN files
    const sidecar = readSidecar(staged.sidecar);
    const ok =
      hasIndex &&
      sidecar !== null &&
      sidecar.stamp === space.stamp &&
      (await hashFile(staged.index)).sha256 === sidecar.sha256;
    if (!ok) {
      await rm(staged.index, { force: true });
      await rm(staged.sidecar, { force: true });
    }
    ann.push({ space: space.id, status: ok ? 'included' : 'rebuild' });
  }
  await rmdir(out).catch(() => undefined); // only when left empty
  return ann;
}

/** Copies the signing keys (small files; a copy, not a link, since they may be rewritten in place). */
async function stageKeys(keysDir: string, dest: string): Promise<void> {
  const entries = await readdir(keysDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    await mkdir(dest, { recursive: true });
    await copyFile(path.join(keysDir, entry.name), path.join(dest, entry.name));
  }
}

/** Every file under `root`, as sorted POSIX paths relative to it. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort((a, b) => (a === 'sift.db' ? -1 : b === 'sift.db' ? 1 : a.localeCompare(b)));
}
