import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteDatabase } from '@sift/adapter-sqlite';
import { AnalyticsService, resolveSearchScope, type DocumentRecord, type SiftEvent } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsRecorder } from './analytics.js';
import {
  createTestPgTarget,
  createTestRedisDb,
  migrateTargetsAvailable,
} from './migrate-data-test-support.js';
import { createLogger } from './logger.js';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { keepingLogger, tempConfig, tempSqliteStore, until } from './test-support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DAY = 86_400_000;

async function sqliteStore() {
  const { store, db, cleanup } = await tempSqliteStore();
  cleanups.push(cleanup);
  return { store, db };
}

async function uploadAndWait(runtime: SiftRuntime, reader: SiftRuntime, name: string, text: string) {
  const { document } = await runtime.documents.upload({
    access: runtime.identity.operator(),
    filename: name,
    source: Buffer.from(text),
  });
  return until(async () => {
    const doc = await reader.metadata.documents.get(document.id);
    return doc && (doc.status === 'processed' || doc.status === 'failed') && doc;
  }, 60_000);
}

describe('AnalyticsRecorder', () => {
  it('prunes events past the 400-day retention and keeps the rest', async () => {
    const { store } = await sqliteStore();
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    const recorder = new AnalyticsRecorder({
      analytics: store.analytics,
      logger: keepingLogger(),
      now: () => now,
    });
    for (const [key, age] of [
      ['old', 401],
      ['older', 900],
      ['young', 399],
    ] as const) {
      await store.analytics.record({
        key,
        kind: 'question',
        occurredAt: new Date(now - age * DAY).toISOString(),
        userId: null,
        documentId: null,
        typeFamily: null,
        stages: null,
        durationMs: 5,
        found: true,
        errorCode: null,
      });
    }
    expect(await recorder.prune()).toBe(2);
    expect(await recorder.prune()).toBe(0);
    // The young one survives: 399 days back is inside a window reaching 400 days back.
    const window = {
      from: new Date(now - 400 * DAY).toISOString(),
      to: new Date(now).toISOString(),
      bucketMs: DAY,
    };
    expect(await store.analytics.questionLatency(null, window)).toMatchObject({ count: 1 });
  });

  it('logs a write the store refuses and goes on, and a failed prune too', async () => {
    const { store, db } = await sqliteStore();
    const logger = keepingLogger();
    const recorder = new AnalyticsRecorder({ analytics: store.analytics, logger });
    db.close();
    const document = {
      id: 'd1',
      ownerId: 'u',
      parentDocumentId: null,
      contentType: 'text/plain',
    } as DocumentRecord;
    expect(() =>
      recorder.handle({
        type: 'document.created',
        document: { ...document, category: 'document', createdAt: new Date().toISOString() },
      }),
    ).not.toThrow();
    await recorder.idle();
    expect(logger.warnings).toEqual(['could not record an analytics event']);
    expect(await recorder.prune()).toBe(0);
    expect(logger.warnings).toEqual([
      'could not record an analytics event',
      'could not prune analytics events',
    ]);
    await recorder.stop();
    // Stopped: nothing more is taken.
    recorder.handle({
      type: 'document.created',
      document: { ...document, createdAt: new Date().toISOString() },
    });
    await recorder.idle();
    expect(logger.warnings).toHaveLength(2);
  });

  it('never throws into the publisher, even for an event it cannot read', async () => {
    const { store } = await sqliteStore();
    const logger = keepingLogger();
    const recorder = new AnalyticsRecorder({ analytics: store.analytics, logger });
    // A document without a content type (say, from a peer running other code): no family can be derived.
    const broken = { id: 'd2', ownerId: 'u', parentDocumentId: null } as DocumentRecord;
    expect(() => recorder.handle({ type: 'document.created', document: broken })).not.toThrow();
    await recorder.idle();
    expect(logger.warnings).toEqual(['could not record an analytics event']);
    await recorder.stop();
  });
});

describe('analytics through the real runtime', { timeout: 180_000 }, () => {
  it('counts uploads, processing, searches and questions of the embedded shape', async () => {
    const { config, cleanup } = await tempConfig({ SIFT_EMBEDDER: 'none', SIFT_QUEUE_POLL_MS: '50' });
    cleanups.push(cleanup);
    const runtime = await createRuntime(config);
    cleanups.push(() => runtime.close());
    await runtime.startWorkers();
    const operator = runtime.identity.operator();
    const bees = await uploadAndWait(
      runtime,
      runtime,
      'bees.md',
      '# Bees\n\nHoney bees pollinate almond orchards.',
    );
    const failed = await uploadAndWait(runtime, runtime, 'dashes.txt', '--- ... !!!\n\n ;;;\n');
    expect([bees.status, failed.status]).toEqual(['processed', 'failed']);
    const filter = await resolveSearchScope(runtime.metadata, operator, {});
    for (const query of ['honey bees', 'nothing like this xyzzy'])
      await runtime.search.service.search({
        query,
        mode: 'lexical',
        filter,
        limit: 5,
        userId: operator.userId,
      });
    for (const question of ['What do honey bees pollinate?', 'Where do quokkas live?'])
      for await (const event of runtime.chat.answers.answer({ question, filter, userId: operator.userId }))
        void event;
    await runtime.analytics.idle();

    const analytics = new AnalyticsService(runtime.metadata);
    expect(await analytics.overview(operator, { days: 1 })).toMatchObject({
      scope: 'all',
      documents: { uploaded: 2, processed: 1, failed: 1 },
      search: { searches: 4, zeroResults: 2 },
      questions: { asked: 2, notFound: 1, notFoundRate: 0.5 },
      activeUsers: { total: 1, weekly: 1 },
    });
    const documents = await analytics.documents(operator, { days: 1 });
    expect(documents.byType).toEqual([{ typeFamily: 'text', uploaded: 2, processed: 1, failed: 1 }]);
    // The pipeline timed each stage of the processed document; `total` is its processing time.
    const stage = (name: string) => documents.stages.find((s) => s.stage === name)!;
    for (const name of ['extract', 'chunk', 'index', 'total']) expect(stage(name).count).toBe(1);
    expect(stage('total').p50).toBe(bees.processingMs);
  });

  it('answers even when the question cannot be recorded, and says so in the log', async () => {
    const { config, cleanup } = await tempConfig({ SIFT_EMBEDDER: 'none', SIFT_LOG_LEVEL: 'warn' });
    cleanups.push(cleanup);
    const lines: string[] = [];
    const logger = createLogger(config, { write: (line: string) => void lines.push(line) });
    const runtime = await createRuntime(config, { logger });
    cleanups.push(() => runtime.close());
    // The store refuses the write: another connection took the table away.
    const other = openSqliteDatabase(path.join(config.dataDir, 'sift.db'));
    other.exec('ALTER TABLE analytics_events RENAME TO analytics_events_gone');
    other.close();
    const operator = runtime.identity.operator();
    const filter = await resolveSearchScope(runtime.metadata, operator, {});
    const events = [];
    for await (const event of runtime.chat.answers.answer({
      question: 'Anything?',
      filter,
      userId: operator.userId,
    }))
      events.push(event.type);
    expect(events.at(-1)).toBe('done');
    expect(lines.join('')).toContain('could not record the question for analytics');
  });

  it('records each event once in the scale-out shape, where every node hears every event', async (ctx) => {
    if (!(await migrateTargetsAvailable())) ctx.skip(); // #14: needs PostgreSQL and Redis (see .ci/run)
    const pg = await createTestPgTarget();
    cleanups.push(() => pg.cleanup());
    const redis = await createTestRedisDb();
    cleanups.push(() => redis.cleanup());
    const blobs = await mkdtemp(path.join(tmpdir(), 'sift-analytics-blobs-'));
    cleanups.push(() => rm(blobs, { recursive: true, force: true }));
    const node = async (workers: boolean) => {
      const { config, cleanup } = await tempConfig({
        SIFT_EMBEDDER: 'none',
        SIFT_QUEUE_POLL_MS: '50',
        SIFT_DATABASE_URL: pg.url,
        SIFT_REDIS_URL: redis.url,
        SIFT_BLOB_DIR: blobs,
      });
      cleanups.push(cleanup);
      const runtime = await createRuntime(config);
      cleanups.push(() => runtime.close());
      if (workers) await runtime.startWorkers();
      return runtime;
    };
    const api = await node(false);
    const worker = await node(true);
    const heard: SiftEvent[] = [];
    api.events.subscribe((event) => heard.push(event));

    const docs = [
      await uploadAndWait(api, api, 'bees.md', '# Bees\n\nHoney bees pollinate almond orchards.'),
      await uploadAndWait(api, api, 'tides.txt', 'The moon raises the ocean tides twice a day.'),
    ];
    expect(docs.map((d) => d.status)).toEqual(['processed', 'processed']);
    const operator = api.identity.operator();
    const filter = await resolveSearchScope(api.metadata, operator, {});
    for await (const event of api.chat.answers.answer({
      question: 'What do bees pollinate?',
      filter,
      userId: operator.userId,
    }))
      void event;
    // The API node heard the worker's events through Redis too.
    await until(async () => heard.filter((e) => e.type === 'document.processed').length === 2);
    await Promise.all([api.analytics.idle(), worker.analytics.idle()]);

    const analytics = new AnalyticsService(api.metadata);
    const figures = async () => (await analytics.overview(operator, { days: 1 })).documents;
    expect(await figures()).toEqual({ uploaded: 2, processed: 2, failed: 0 });
    // A second publication of the same occurrence (a task run again after its worker died) adds nothing.
    const processed = heard.find((e) => e.type === 'document.processed')!;
    worker.analytics.handle(processed);
    api.analytics.handle(processed);
    await Promise.all([api.analytics.idle(), worker.analytics.idle()]);
    expect(await figures()).toEqual({ uploaded: 2, processed: 2, failed: 0 });
    expect(await analytics.questions(operator, { days: 1 })).toMatchObject({ asked: 1, notFound: 0 });
    const stages = (await analytics.documents(operator, { days: 1 })).stages;
    expect(stages.find((s) => s.stage === 'extract')).toMatchObject({ count: 2 });
  });
});
