import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withDataDir, type Config } from '@sift/config';
import type { SiftEvent } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from '../runtime.js';
import { dataPaths } from '../stores.types.js';
import { tempConfig, until } from '../test-support.js';
import { restoreBackup } from './backup-restore.js';
import { checkDataDir } from './consistency-check.js';

const DOCS = 200;
const TOPICS = ['glaciers', 'volcanoes', 'orchards', 'satellites', 'harbours'];

/** A small text with one token no other document has (`marker<n>`), so a search for it has one right answer. */
function docText(n: number): string {
  const topic = TOPICS[n % TOPICS.length]!;
  return `Report ${n} on ${topic}. The marker${n} survey measured ${topic} near station ${n * 7}.\n`;
}

async function searchIds(runtime: SiftRuntime, query: string, mode: 'lexical' | 'hybrid'): Promise<string[]> {
  const res = await runtime.search.service.search({ query, mode, filter: {}, limit: 5 });
  return res.hits.map((h) => h.documentId);
}

function checkOf(config: Config): ReturnType<typeof checkDataDir> {
  return checkDataDir({ databaseFile: dataPaths(config.dataDir).database, blobDir: config.backends.blobDir });
}

describe('online backup during an ingest of 200 documents, restored into a fresh dir', () => {
  let source: SiftRuntime;
  let cleanup: () => Promise<void>;
  let work: string;
  let archive: string;
  let pendingAtBackup = 0;
  const events: SiftEvent[] = [];

  beforeAll(async () => {
    const temp = await tempConfig({ SIFT_EMBEDDER: 'use-lite', SIFT_QUEUE_CONCURRENCY_DEFAULT: '2' });
    cleanup = temp.cleanup;
    work = await mkdtemp(path.join(tmpdir(), 'sift-backup-test-'));
    source = await createRuntime(temp.config);
    source.events.subscribe((e) => void events.push(e));
    await source.startWorkers();
    const operator = source.identity.operator();
    for (let n = 0; n < DOCS; n += 1) {
      await source.documents.upload({
        access: operator,
        filename: `doc-${n}.txt`,
        source: Buffer.from(docText(n)),
      });
    }
    // Back up once some documents are searchable, while the rest are still being ingested.
    await until(async () => (await processedCount(source)) >= 20, 60_000);
    pendingAtBackup = DOCS - (await processedCount(source));
    archive = path.join(work, 'online.tar.gz');
    await source.backups.backupNow({ dest: archive });
    await until(async () => (await processedCount(source)) === DOCS, 180_000);
  }, 300_000);

  afterAll(async () => {
    await source?.close();
    await cleanup?.();
    await rm(work, { recursive: true, force: true });
  });

  it('was taken while documents were still being ingested, and told so on the event bus', () => {
    expect(pendingAtBackup).toBeGreaterThan(0);
    expect(events.find((e) => e.type === 'backup.completed')).toMatchObject({ file: archive });
  });

  it('restores into a fresh dir that passes the consistency check and answers the same searches', async () => {
    const restoredConfig = withDataDir(source.config, path.join(work, 'restored'));
    const manifest = await restoreBackup({
      archive,
      dataDir: restoredConfig.dataDir,
      blobDir: restoredConfig.backends.blobDir,
    });
    expect(manifest.counts.documents).toBeGreaterThanOrEqual(20);
    expect(manifest.missingBlobs).toEqual([]);
    const report = await checkOf(restoredConfig);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.servingSpace).not.toBeNull();
    expect(report.counts.vectors).toBe(report.counts.chunks);

    const restored = await createRuntime(restoredConfig);
    try {
      const included = (await restored.metadata.documents.list({ status: ['processed'], limit: 500 })).items;
      expect(included.length).toBeGreaterThanOrEqual(20);
      for (const doc of included.slice(0, 8)) {
        const n = Number(/doc-(\d+)/u.exec(doc.filename)![1]);
        const query = `marker${n}`;
        const lexical = await searchIds(restored, query, 'lexical');
        expect(lexical).toEqual(await searchIds(source, query, 'lexical'));
        expect(lexical[0]).toBe(doc.id);
        const hybrid = await searchIds(restored, `${query} ${TOPICS[n % TOPICS.length]}`, 'hybrid');
        expect(hybrid[0]).toBe(
          (await searchIds(source, `${query} ${TOPICS[n % TOPICS.length]}`, 'hybrid'))[0],
        );
      }
    } finally {
      await restored.close();
    }
    // The source passes too, once its ingest has finished.
    expect((await checkOf(source.config)).problems).toEqual([]);
  }, 120_000);

  it('refuses a non-empty target, leaving it as it was', async () => {
    const target = path.join(work, 'occupied');
    await restoreBackup({ archive, dataDir: target, blobDir: path.join(target, 'blobs') });
    await expect(
      restoreBackup({ archive, dataDir: target, blobDir: path.join(target, 'blobs') }),
    ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
  });

  it('refuses a backup from a newer schema before writing anything', async () => {
    const target = path.join(work, 'too-new');
    await expect(
      restoreBackup({
        archive,
        dataDir: target,
        blobDir: path.join(target, 'blobs'),
        knownMigrationLevel: 1,
      }),
    ).rejects.toMatchObject({ code: 'BACKUP_TOO_NEW' });
    expect((await readdir(work)).filter((n) => n.includes('too-new'))).toEqual([]);
  });
});

async function processedCount(runtime: SiftRuntime): Promise<number> {
  return (await runtime.metadata.documents.list({ status: ['processed'], limit: 1000 })).items.length;
}
