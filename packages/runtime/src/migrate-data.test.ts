import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgPool, runPgMigrations, type PgPool } from '@sift/adapter-postgres';
import { chromaAvailable, createTestChromaDatabase, TEST_CHROMA_URL } from '@sift/adapter-chroma/testing';
import { createRedisConnection, RedisJobQueue } from '@sift/adapter-redis';
import { openSqliteDatabase } from '@sift/adapter-sqlite';
import { loadConfig } from '@sift/config';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateData, type MigrateDataOptions } from './migrate-data.js';
import {
  buildEmbeddedSource,
  createTestPgTarget,
  createTestRedisDb,
  migrateTargetsAvailable,
  type SourceFacts,
} from './migrate-data-test-support.js';
import { createRuntime } from './runtime.js';

const available = await migrateTargetsAvailable();
const withChroma = available && (await chromaAvailable());

/** `sift migrate-data` from a real embedded data dir into real PostgreSQL, Redis and Chroma. */
describe.skipIf(!available)('migrateData (needs PostgreSQL and Redis, #14)', { timeout: 240_000 }, () => {
  let sourceDir: string;
  let facts: SourceFacts;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    sourceDir = await mkdtemp(path.join(tmpdir(), 'sift-migrate-source-'));
    facts = await buildEmbeddedSource(sourceDir);
  }, 300_000);
  afterAll(async () => {
    if (sourceDir) await rm(sourceDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  async function target(options: { chroma?: boolean } = {}) {
    const pg = await createTestPgTarget();
    cleanups.push(pg.cleanup);
    const redis = await createTestRedisDb();
    cleanups.push(redis.cleanup);
    const blobDir = await mkdtemp(path.join(tmpdir(), 'sift-migrate-blobs-'));
    cleanups.push(() => rm(blobDir, { recursive: true, force: true }));
    let vector: string | null = null;
    if (options.chroma) {
      const chroma = await createTestChromaDatabase();
      cleanups.push(chroma.cleanup);
      vector = `${TEST_CHROMA_URL.replace(/\/$/u, '')}/?database=${chroma.database}`;
    }
    const pool = createPgPool(pg.url, { max: 2 });
    cleanups.push(() => pool.end());
    const options_: MigrateDataOptions = {
      dataDir: sourceDir,
      sourceBlobDir: path.join(sourceDir, 'blobs'),
      to: pg.url,
      redis: redis.url,
      vector,
      blobDir,
      lexical: { foldDiacritics: true },
    };
    return { pool, options: options_, redisUrl: redis.url, blobDir };
  }

  const count = async (pool: PgPool, sql: string) => (await pool.query<{ n: number }>(sql)).rows[0]!.n;

  it.skipIf(!withChroma)(
    'copies everything, searches alike, and a scale-out runtime serves the target',
    async () => {
      const t = await target({ chroma: true });

      const result = await migrateData(t.options);

      expect(result.verification.countMismatches).toEqual([]);
      expect(result.verification.searchMismatches).toEqual([]);
      expect(result.verification.ok).toBe(true);
      expect(result.verification.searches.lexical).toBeGreaterThanOrEqual(15);
      expect(result.verification.searches.vector).toBeGreaterThan(0);
      const counts = Object.fromEntries(result.verification.counts.map((c) => [c.table, c.target]));
      expect(counts).toMatchObject({
        users: 2,
        groups: 1,
        group_members: 1,
        collection_shares: 2,
        api_keys: 1,
      });
      expect(counts.documents).toBe(facts.documentIds.length);
      expect(counts.document_chunks).toBeGreaterThan(30);
      expect(counts.chunk_vectors).toBe(counts.document_chunks);
      expect(counts.chat_messages).toBe(1);
      expect(result.vectorIndex).toEqual({ engine: 'chroma', outboxPending: 0 });
      // Every blob file was copied into the new directory and re-hashed.
      expect(result.blobs).toMatchObject({ copied: counts.blobs, missing: [] });
      const files = (await readdir(t.blobDir, { recursive: true })).filter((f) => /[0-9a-f]{64}$/u.test(f));
      expect(files).toHaveLength(counts.blobs!);
      // The lexical index holds each chunk once; the pending task went to Redis.
      expect(await count(t.pool, 'SELECT count(*) AS n FROM lexical_chunks')).toBe(counts.document_chunks);
      expect(result.tasks.requeued).toBe(1);
      expect(result.tasks.dropped.succeeded?.['document.ingest']).toBe(facts.documentIds.length);
      const redis = await createRedisConnection(t.redisUrl);
      try {
        const queued = await new RedisJobQueue(redis).list({ status: ['pending'] });
        expect(queued.items.map((task) => task.type)).toEqual(['system.noop']);
      } finally {
        redis.disconnect();
      }

      const runtime = await createRuntime(
        loadConfig({
          SIFT_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'sift-migrate-node-')),
          SIFT_LOG_LEVEL: 'silent',
          SIFT_EMBEDDER: 'use-lite',
          SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
          SIFT_DATABASE_URL: t.options.to,
          SIFT_REDIS_URL: t.redisUrl,
          SIFT_VECTOR_URL: t.options.vector!,
          SIFT_BLOB_DIR: t.blobDir,
        }),
      );
      cleanups.push(() => runtime.close());
      const operator = runtime.identity.operator();
      const lexical = await runtime.search.service.search({
        query: 'hohmann transfer orbits',
        mode: 'lexical',
        filter: {},
        limit: 3,
      });
      expect(lexical.hits[0]?.title ?? lexical.hits[0]?.content).toMatch(/Orbital|Hohmann/u);
      const hybrid = await runtime.search.service.search({
        query: 'honey bees pollinate',
        mode: 'hybrid',
        filter: {},
        limit: 3,
      });
      expect(hybrid.hits[0]!.scores.vector).not.toBeNull();
      expect(hybrid.hits[0]!.content).toMatch(/bees/u);
      const doc = await runtime.documents.get(operator, facts.documentIds[0]!);
      expect(doc).toMatchObject({
        status: 'processed',
        filename: 'README.md',
        collectionId: facts.collectionId,
      });
      expect((await runtime.documents.getText(operator, doc.id)).text).toContain('Sift');
      const shares = await runtime.collections.listShares(operator, facts.collectionId);
      expect(shares.map((s) => s.principalType).sort()).toEqual(['group', 'user']);
      expect((await runtime.chat.sessions.get(operator, facts.chatSessionId)).messages).toHaveLength(1);
      // Blobs are read from the new directory.
      const bytes = await runtime.blobs.open(doc.sha256);
      let size = 0;
      for await (const chunk of bytes) size += chunk.length;
      expect(size).toBe(doc.size);
    },
  );

  it('resumes an interrupted copy without duplicating anything', async () => {
    const t = await target();
    const options = { ...t.options, batchSize: 20 };

    await expect(migrateData({ ...options, failAfterBatches: 12 })).rejects.toMatchObject({
      code: 'MIGRATE_DATA_INJECTED_FAILURE',
    });
    const partial = await count(t.pool, 'SELECT count(*) AS n FROM document_chunks');
    // Stopped in the middle of the chunks (9 batches of smaller tables come first), each batch indexed.
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(await sourceChunks());
    expect(await count(t.pool, 'SELECT count(*) AS n FROM lexical_chunks')).toBe(partial);
    // Without --resume the half-filled target is refused, naming the flag.
    await expect(migrateData(options)).rejects.toMatchObject({
      code: 'MIGRATE_DATA_TARGET_NOT_EMPTY',
      message: expect.stringContaining('--resume'),
    });
    // A second interruption, further on, then the end.
    await expect(migrateData({ ...options, resume: true, failAfterBatches: 5 })).rejects.toMatchObject({
      code: 'MIGRATE_DATA_INJECTED_FAILURE',
    });
    const result = await migrateData({ ...options, resume: true });

    expect(result.resumed).toBe(true);
    expect(result.verification.countMismatches).toEqual([]);
    expect(result.verification.searchMismatches).toEqual([]);
    expect(await count(t.pool, 'SELECT count(*) AS n FROM document_chunks')).toBe(await sourceChunks());
    expect(await count(t.pool, 'SELECT count(*) AS n FROM lexical_chunks')).toBe(await sourceChunks());
    const totals = await t.pool.query<{ chunks: number }>('SELECT sum(chunks) AS chunks FROM lexical_totals');
    expect(totals.rows[0]!.chunks).toBe(await sourceChunks());
    expect(result.tasks.requeued).toBe(1);
    // Running it once more finds everything done and queues nothing twice.
    const again = await migrateData({ ...options, resume: true });
    expect(again.tables.every((t_) => t_.copied === 0)).toBe(true);
    expect(again.verification.ok).toBe(true);
    const redis = await createRedisConnection(t.redisUrl);
    try {
      expect(await new RedisJobQueue(redis).pendingCount()).toBe(1);
    } finally {
      redis.disconnect();
    }

    // A target that lost rows and postings is caught by the verification, each difference named.
    await t.pool.query(`DELETE FROM audit_logs WHERE seq = (SELECT min(seq) FROM audit_logs)`);
    await t.pool.query(`DELETE FROM lexical_postings WHERE seq = (SELECT min(seq) FROM document_chunks)`);
    const broken = await migrateData({ ...options, resume: true });
    expect(broken.verification.ok).toBe(false);
    expect(broken.verification.countMismatches).toEqual([
      { table: 'audit_logs', source: expect.any(Number), target: expect.any(Number) },
    ]);
    expect(broken.verification.searchMismatches[0]).toMatchObject({ kind: 'lexical' });
  });

  it('refuses a target holding another installation, or another source’s run', async () => {
    const t = await target();
    await migrateData({ ...t.options, samples: { lexical: 2, vector: 1 } });
    // Another data dir (a copy is another path, so another source) is refused, with or without --resume.
    const other = await mkdtemp(path.join(tmpdir(), 'sift-migrate-other-'));
    cleanups.push(() => rm(other, { recursive: true, force: true }));
    await copyFile(path.join(sourceDir, 'sift.db'), path.join(other, 'sift.db'));
    for (const resume of [false, true]) {
      await expect(migrateData({ ...t.options, dataDir: other, resume })).rejects.toMatchObject({
        code: 'MIGRATE_DATA_TARGET_NOT_EMPTY',
        message: expect.stringContaining('another data dir'),
      });
    }
    // A database a scale-out install already uses (accounts of its own) is refused too.
    const used = await target();
    await runPgMigrations(used.pool);
    await used.pool.query(
      `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
       VALUES ('someone', 'someone@example.org', 'someone', 'Someone', 0, 0)`,
    );
    await expect(migrateData(used.options)).rejects.toMatchObject({
      code: 'MIGRATE_DATA_TARGET_NOT_EMPTY',
      message: expect.stringContaining('of its own'),
    });
  });

  it('refuses a source at a newer schema than this code knows', async () => {
    const t = await target();
    const newer = await mkdtemp(path.join(tmpdir(), 'sift-migrate-newer-'));
    cleanups.push(() => rm(newer, { recursive: true, force: true }));
    await copyFile(path.join(sourceDir, 'sift.db'), path.join(newer, 'sift.db'));
    const db = openSqliteDatabase(path.join(newer, 'sift.db'));
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`).run();
    db.close();
    await expect(migrateData({ ...t.options, dataDir: newer })).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
    });
    expect(await count(t.pool, `SELECT count(*) AS n FROM pg_tables WHERE tablename = 'documents'`)).toBe(0);
  });

  it('refuses a data dir whose workers are still running', async () => {
    const t = await target();
    const busy = await mkdtemp(path.join(tmpdir(), 'sift-migrate-busy-'));
    cleanups.push(() => rm(busy, { recursive: true, force: true }));
    await copyFile(path.join(sourceDir, 'sift.db'), path.join(busy, 'sift.db'));
    const db = openSqliteDatabase(path.join(busy, 'sift.db'));
    db.prepare(
      `INSERT INTO workers (id, pid, hostname, queues, started_at, last_seen_at) VALUES ('w1', 1, 'h', '[]', ?, ?)`,
    ).run(Date.now(), Date.now());
    db.close();
    await expect(migrateData({ ...t.options, dataDir: busy })).rejects.toMatchObject({
      code: 'MIGRATE_DATA_SOURCE_BUSY',
      message: expect.stringContaining('stop `sift serve`'),
    });
  });

  it('names the flag of a target it cannot reach', async () => {
    const t = await target();
    await expect(
      migrateData({ ...t.options, to: 'postgres://sift_test:secret@127.0.0.1:9/nowhere' }),
    ).rejects.toMatchObject({
      code: 'MIGRATE_DATA_TARGET_UNREACHABLE',
      message: expect.stringMatching(
        /PostgreSQL at postgres:\/\/sift_test:\*\*\*@127\.0\.0\.1:9\/nowhere \(--to\)/u,
      ),
    });
    await expect(migrateData({ ...t.options, redis: 'redis://127.0.0.1:9' })).rejects.toMatchObject({
      code: 'MIGRATE_DATA_TARGET_UNREACHABLE',
      message: expect.stringContaining('(--redis)'),
    });
    await expect(migrateData({ ...t.options, vector: 'http://127.0.0.1:9' })).rejects.toMatchObject({
      code: 'MIGRATE_DATA_TARGET_UNREACHABLE',
      message: expect.stringContaining('(--vector)'),
    });
  });

  async function sourceChunks(): Promise<number> {
    const db = openSqliteDatabase(path.join(sourceDir, 'sift.db'));
    try {
      return (db.prepare('SELECT count(*) AS n FROM document_chunks').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
});
