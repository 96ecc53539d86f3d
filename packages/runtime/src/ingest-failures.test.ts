import path from 'node:path';
import {
  Access,
  AppError,
  BlobService,
  DocumentService,
  InProcessEventBus,
  LOCAL_USER_ID,
  IngestPipeline,
  TaskService,
  WorkerPool,
  silentLogger,
  type DocumentExtractor,
  type ExtractedText,
} from '@sift/core';
import { FileContentDetector } from '@sift/extractors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from './stores.js';
import { tempConfig, until } from './test-support.js';

const OPERATOR = Access.operator(LOCAL_USER_ID);

/** Fails `failures` times with `error`, then extracts the text as one paragraph. */
function flakyExtractor(failures: number, error: () => Error): DocumentExtractor & { calls: number } {
  const extractor = {
    calls: 0,
    async extract(): Promise<ExtractedText> {
      extractor.calls += 1;
      if (extractor.calls <= failures) throw error();
      const text = 'recovered text';
      return {
        text,
        blocks: [{ kind: 'paragraph', start: 0, end: text.length }],
        pages: [],
        metadata: {},
        extractor: { name: 'test', version: '1' },
        embedded: [],
        warnings: [],
      };
    },
  };
  return extractor;
}

/**
 * How the pipeline's failures show on the document and its task, on the real SQLite stores: retryable errors
 * retry with backoff and end dead, permanent ones fail at once, and a dead ingest can be retried.
 */
describe('ingest failures', () => {
  let stores: Stores;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let pool: WorkerPool | null = null;

  beforeEach(async () => {
    const t = await tempConfig();
    cleanup = t.cleanup;
    stores = await openStores(t.config);
    dataDir = t.config.dataDir;
  });
  afterEach(async () => {
    await pool?.stop({ graceMs: 100 });
    pool = null;
    await stores.close();
    await cleanup();
  });

  async function setup(extractor: DocumentExtractor, maxAttempts = 3) {
    const events = new InProcessEventBus();
    const tasks = new TaskService(stores.queue, events, { maxAttempts });
    const blobs = new BlobService(stores.blobs, stores.metadata);
    const detector = new FileContentDetector();
    const documents = new DocumentService({
      metadata: stores.metadata,
      blobs,
      detector,
      tasks,
      events,
      limits: { document: 1e6, audio: 1e6, image: 1e6, archive: 1e6 },
      queues: { document: 'default', audio: 'high', image: 'low', archive: 'low' },
    });
    const pipeline = new IngestPipeline({
      metadata: stores.metadata,
      blobs,
      detector,
      extractor,
      documents,
      events,
      logger: silentLogger,
      workRoot: path.join(dataDir, 'tmp'),
      defaults: { ocrLanguages: ['eng'] },
    });
    pool = new WorkerPool(
      stores.queue,
      { 'document.ingest': (ctx) => pipeline.run(ctx) },
      {
        concurrency: { default: 1 },
        pollIntervalMs: 10,
        leaseMs: 2_000,
        backoff: { baseMs: 10, factor: 2, maxMs: 100, jitter: 0 },
        events,
      },
    );
    await pool.start();
    return { documents, tasks };
  }

  it('retries a retryable extraction failure, then processes the document', async () => {
    const extractor = flakyExtractor(2, () => new AppError('OCR_TIMEOUT', 'system', 'engine slow'));
    const { documents } = await setup(extractor);
    const { document } = await documents.upload({
      access: OPERATOR,
      filename: 'a.txt',
      source: Buffer.from('hello'),
    });
    const done = await until(async () => {
      const d = await stores.metadata.documents.get(document.id);
      return d?.status === 'processed' && d;
    });
    expect(extractor.calls).toBe(3);
    expect(done).toMatchObject({ chunkCount: 1, errorCode: null, errorMessage: null });
    expect((await stores.queue.get(document.taskId!))?.attempts).toBe(3);
  });

  it('dead-letters after the last attempt, marks the document failed, and recovers on retry', async () => {
    const extractor = flakyExtractor(
      2,
      () => new AppError('PROVIDER_DOWN', 'third_party', 'remote engine down'),
    );
    const { documents, tasks } = await setup(extractor, 2);
    const { document } = await documents.upload({
      access: OPERATOR,
      filename: 'b.txt',
      source: Buffer.from('bytes'),
    });
    const failed = await until(async () => {
      const d = await stores.metadata.documents.get(document.id);
      return d?.status === 'failed' && d;
    });
    expect(failed).toMatchObject({ errorCode: 'PROVIDER_DOWN', errorMessage: 'remote engine down' });
    // The document shows the outcome a moment before the worker records it on the task.
    const task = await until(async () => {
      const t = await stores.queue.get(document.taskId!);
      return t?.status === 'dead' && t;
    });
    expect(task).toMatchObject({ attempts: 2, error: { code: 'PROVIDER_DOWN' } });
    expect((await tasks.list(OPERATOR, { status: ['dead'] })).items.map((t) => t.id)).toContain(task.id);

    await tasks.retry(OPERATOR, task.id);
    const processed = await until(async () => {
      const d = await stores.metadata.documents.get(document.id);
      return d?.status === 'processed' && d;
    });
    expect(processed.errorCode).toBeNull();
  });

  it('fails at once on a permanent error, without retrying', async () => {
    const extractor = flakyExtractor(
      99,
      () => new AppError('DOCUMENT_CORRUPT', 'user', 'broken file', { retryable: false }),
    );
    const { documents } = await setup(extractor);
    const { document } = await documents.upload({
      access: OPERATOR,
      filename: 'c.txt',
      source: Buffer.from('more bytes'),
    });
    const failed = await until(async () => {
      const d = await stores.metadata.documents.get(document.id);
      return d?.status === 'failed' && d;
    });
    expect(failed.errorCode).toBe('DOCUMENT_CORRUPT');
    expect(extractor.calls).toBe(1);
    const task = await until(async () => {
      const t = await stores.queue.get(document.taskId!);
      return t?.status === 'failed' && t;
    });
    expect(task.attempts).toBe(1);
    expect(await stores.metadata.documents.listChunks(document.id)).toEqual([]);
  });

  it('keeps the previous content when reprocessing fails', async () => {
    const extractor = flakyExtractor(0, () => new Error('unused'));
    const { documents } = await setup(extractor);
    const { document } = await documents.upload({
      access: OPERATOR,
      filename: 'd.txt',
      source: Buffer.from('first'),
    });
    await until(async () => (await stores.metadata.documents.get(document.id))?.status === 'processed');
    const before = await stores.metadata.documents.listChunks(document.id);

    extractor.extract = async () => {
      throw new AppError('DOCUMENT_CORRUPT', 'user', 'now broken', { retryable: false });
    };
    await documents.reprocess(OPERATOR, document.id);
    await until(async () => (await stores.metadata.documents.get(document.id))?.status === 'failed');
    expect(await stores.metadata.documents.listChunks(document.id)).toEqual(before);
    expect((await stores.metadata.documents.getText(document.id))?.text).toBe('recovered text');
  });
});
