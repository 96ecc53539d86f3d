import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteDatabase, type SqliteVectorIndex } from '@sift/adapter-sqlite';
import { withDataDir } from '@sift/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from '../runtime.js';
import { tempConfig, until } from '../test-support.js';
import { restoreBackup } from './backup-restore.js';
import { checkDataDir } from './consistency-check.js';

/**
 * The ANN index files go into the archive only when they reflect the snapshot's state of the space; a stale
 * index is left out and marked `rebuild`, and the restored instance rebuilds it when a search needs it.
 */
describe('ANN index files in a backup', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'sift-backup-ann-'));
    // Every space is "large": searched through the HNSW index.
    const temp = await tempConfig({ SIFT_EMBEDDER: 'use-lite', SIFT_ANN_THRESHOLD: '1' });
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
    await runtime.startWorkers();
    for (const [i, text] of ['Owls hunt at night.', 'Bees make honey.', 'Moles dig tunnels.'].entries())
      await upload(`n${i}.txt`, text);
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
    await cleanup?.();
    await rm(work, { recursive: true, force: true });
  });

  async function upload(filename: string, text: string): Promise<void> {
    const { document } = await runtime.documents.upload({
      access: runtime.identity.operator(),
      filename,
      source: Buffer.from(text),
    });
    await until(
      async () => (await runtime.metadata.documents.get(document.id))?.status === 'processed',
      60_000,
    );
  }

  it('includes an index built from the snapshot state, and marks a stale one for rebuilding', async () => {
    const space = (await runtime.search.spaces.serving())!.space;
    const vectors = runtime.stores.vectors as SqliteVectorIndex;
    await vectors.buildAnn(space);

    const fresh = await runtime.backups.backupNow({ dest: path.join(work, 'fresh.tar.gz') });
    expect(fresh.manifest.ann).toEqual([{ space: space.id, status: 'included' }]);
    expect(fresh.manifest.files.filter((f) => f.path.startsWith('indexes/'))).toHaveLength(2);

    await upload('n3.txt', 'Foxes den in burrows.'); // the space changes: the index on disk is now stale
    const stale = await runtime.backups.backupNow({ dest: path.join(work, 'stale.tar.gz') });
    expect(stale.manifest.ann).toEqual([{ space: space.id, status: 'rebuild' }]);
    expect(stale.manifest.files.some((f) => f.path.startsWith('indexes/'))).toBe(false);

    const included = withDataDir(runtime.config, path.join(work, 'included'));
    await restoreBackup({
      archive: fresh.file,
      dataDir: included.dataDir,
      blobDir: included.backends.blobDir,
    });
    expect((await readdir(path.join(included.dataDir, 'indexes'))).length).toBe(2);

    const rebuilt = withDataDir(runtime.config, path.join(work, 'rebuilt'));
    await restoreBackup({ archive: stale.file, dataDir: rebuilt.dataDir, blobDir: rebuilt.backends.blobDir });
    const restored = await createRuntime(rebuilt);
    try {
      const restoredVectors = restored.stores.vectors as SqliteVectorIndex;
      const { count } = await restoredVectors.buildAnn(space);
      expect(count).toBe(4);
      const res = await restored.search.service.search({
        query: 'foxes burrows',
        mode: 'hybrid',
        filter: {},
        limit: 1,
      });
      expect(res.hits[0]!.content).toContain('Foxes');
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('reports a chunk without its vector, or without its lexical row', async () => {
    const backup = await runtime.backups.backupNow({ dest: path.join(work, 'tamper.tar.gz') });
    const target = withDataDir(runtime.config, path.join(work, 'tampered'));
    await restoreBackup({ archive: backup.file, dataDir: target.dataDir, blobDir: target.backends.blobDir });
    const file = path.join(target.dataDir, 'sift.db');
    const db = openSqliteDatabase(file);
    try {
      db.exec('DELETE FROM chunk_vectors WHERE chunk_seq = (SELECT min(seq) FROM document_chunks)');
      // FTS5's own delete command, with the terms the row was indexed with (the source view computes them).
      db.exec(
        `INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content, heading_path, title)
         SELECT 'delete', seq, content, heading_path, title FROM document_chunks_fts_source
         WHERE seq = (SELECT max(seq) FROM document_chunks)`,
      );
    } finally {
      db.close();
    }
    const report = await checkDataDir({ databaseFile: file, blobDir: target.backends.blobDir });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['CHUNK_WITHOUT_VECTOR', 'CHUNK_WITHOUT_LEXICAL_ROW']),
    );
    expect(report.problems.find((p) => p.code === 'CHUNK_WITHOUT_VECTOR')).toMatchObject({ count: 1 });
  }, 60_000);
});
