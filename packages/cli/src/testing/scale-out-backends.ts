import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromaAvailable, createTestChromaDatabase, TEST_CHROMA_URL } from '@sift/adapter-chroma/testing';
import { createPgPool, type PgPool } from '@sift/adapter-postgres';
import { postgresAvailable, TEST_POSTGRES_URL } from '@sift/adapter-postgres/testing';
import { createRedisConnection } from '@sift/adapter-redis';
import type { Redis } from 'ioredis';

/** Which of the scale-out servers answer (PostgreSQL and Redis are needed; Chroma only for vectors). */
export async function scaleOutServices(): Promise<{ postgres: boolean; redis: boolean; chroma: boolean }> {
  const [postgres, redis, chroma] = await Promise.all([postgresAvailable(), redisUp(), chromaAvailable()]);
  return { postgres, redis, chroma };
}

const REDIS_BASE_URL = process.env.SIFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisUp(): Promise<boolean> {
  try {
    (await createRedisConnection(REDIS_BASE_URL, { connectTimeoutMs: 2_000 })).disconnect();
    return true;
  } catch (err) {
    if (process.env.SIFT_TEST_REQUIRE_SERVICES === '1') throw err;
    return false;
  }
}

/** The backends of one scale-out installation, all fresh, and the `SIFT_*` variables every node gets. */
export interface ScaleOutBackends {
  env: Record<string, string>;
  /** A pool on the installation's own database, for assertions that read the truth directly. */
  pg: PgPool;
  redis: Redis;
  blobDir: string;
  /** Drops the database, empties the Redis database and the Chroma database, removes the blob dir. */
  cleanup(): Promise<void>;
}

/**
 * A database of its own (CREATE DATABASE, not a schema: the nodes connect with a plain URL), a Redis database
 * number nobody uses (the adapters take no key prefix from Config; the event bus channel follows the db
 * number), a Chroma database of its own when `vectors`, and a blob directory every node shares.
 */
export async function createScaleOutBackends(options: { vectors: boolean }): Promise<ScaleOutBackends> {
  const undo: (() => Promise<unknown>)[] = [];
  // Every step runs even if one fails; the failures are reported together (a database left behind is a bug).
  const cleanup = async () => {
    const errors: unknown[] = [];
    for (const step of undo.splice(0).reverse()) await step().catch((err: unknown) => errors.push(err));
    if (errors.length > 0) throw new AggregateError(errors, 'cleaning up the scale-out backends failed');
  };
  try {
    const name = `sift_e2e_${randomBytes(5).toString('hex')}`;
    const admin = createPgPool(TEST_POSTGRES_URL, { max: 1 });
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    undo.push(() => dropDatabase(name));
    const databaseUrl = new URL(TEST_POSTGRES_URL);
    databaseUrl.pathname = `/${name}`;
    const pg = createPgPool(databaseUrl.toString(), { max: 4 });
    undo.push(() => pg.end());

    const { redis, url: redisUrl } = await claimRedisDatabase();
    undo.push(async () => {
      await redis.flushdb();
      redis.disconnect();
    });

    const env: Record<string, string> = {
      SIFT_DATABASE_URL: databaseUrl.toString(),
      SIFT_REDIS_URL: redisUrl,
    };
    if (options.vectors) {
      const chroma = await createTestChromaDatabase();
      undo.push(() => chroma.cleanup());
      const vectorUrl = new URL(TEST_CHROMA_URL);
      vectorUrl.searchParams.set('database', chroma.database);
      env.SIFT_VECTOR_URL = vectorUrl.toString();
    }
    const blobDir = await mkdtemp(path.join(tmpdir(), 'sift-e2e-blobs-'));
    undo.push(() => rm(blobDir, { recursive: true, force: true }));
    env.SIFT_BLOB_DIR = blobDir;
    return { env, pg, redis, blobDir, cleanup };
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

/** DROP DATABASE … WITH (FORCE), tried three times: once a database was left behind, cause unknown. */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const drop = createPgPool(TEST_POSTGRES_URL, { max: 1, connectionTimeoutMs: 30_000 });
    try {
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await drop.end();
    }
  }
}

const CLAIM_KEY = 'sift-e2e:claimed-by';

/**
 * An empty Redis database (1–15; 0 is where the contract suites keep their prefixed keys), claimed with a
 * marker key so two runs at once never pick the same one. Emptied (FLUSHDB) again by the caller's cleanup.
 */
async function claimRedisDatabase(): Promise<{ redis: Redis; url: string }> {
  const me = randomBytes(6).toString('hex');
  const order = Array.from({ length: 15 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
  for (const db of order) {
    const url = new URL(REDIS_BASE_URL);
    url.pathname = `/${db}`;
    const redis = await createRedisConnection(url.toString());
    if ((await redis.dbsize()) === 0 && (await redis.set(CLAIM_KEY, me, 'NX')) === 'OK') {
      if ((await redis.dbsize()) === 1) return { redis, url: url.toString() };
      await redis.del(CLAIM_KEY); // someone else writes here: leave it to them
    }
    redis.disconnect();
  }
  throw new Error(`no empty Redis database (1–15) at ${REDIS_BASE_URL} for the scale-out test (#14)`);
}

/**
 * How many records the Chroma database of `SIFT_VECTOR_URL` holds, over all its collections. Over Chroma's
 * REST API rather than its client, which warns about every collection it opens without an embedding function.
 */
export async function chromaRecordCount(vectorUrl: string): Promise<number> {
  const url = new URL(vectorUrl);
  const database = url.searchParams.get('database') ?? 'default_database';
  const base = `${url.origin}/api/v2/tenants/default_tenant/databases/${database}/collections`;
  const get = async <T>(address: string): Promise<T> => {
    const res = await fetch(address);
    if (!res.ok) throw new Error(`GET ${address}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  let total = 0;
  for (const { id } of await get<{ id: string }[]>(base)) total += await get<number>(`${base}/${id}/count`);
  return total;
}
