import { mkdir } from 'node:fs/promises';
import { FsBlobStore } from '@sift/adapter-fs';
import { redactUrl, type Config } from '@sift/config';
import type { EventBus, JobQueue, Logger, LoginAttemptStore } from '@sift/core';
import { waitForBackend } from './backend-wait.js';
import { openEmbeddedStores } from './embedded-stores.js';
import type { StartupStatus } from './startup-status.js';
import type { Stores } from './stores.types.js';

type Options = { migrate?: boolean; logger?: Logger; startup?: StartupStatus | undefined };

/**
 * The scale-out shape: PostgreSQL for metadata, the lexical index and the truth of the vectors; Chroma (or
 * exact search in PostgreSQL) for vector search; Redis for the job queue and the event bus; blobs in the
 * shared SIFT_BLOB_DIR. Config has refused mixes that cannot share work across processes; Redis beside the
 * embedded database is allowed (several processes on one machine). A backend that is not up yet is waited
 * for with backoff (naming it), so nodes may start before their servers.
 */
export async function openScaleOutStores(config: Config, options: Options): Promise<Stores> {
  const { database, redis } = config.backends;
  // Work directories, local models and the readiness disk check stay in the node's own data dir.
  await mkdir(config.dataDir, { recursive: true });
  const base: StoresWithoutQueue = database
    ? await openPostgresStores(config, options)
    : await openEmbeddedStores(config, options).then((stores) => {
        // Redis beside the embedded database: the database is open, only Redis may still be awaited.
        options.startup?.reporter('database')({ ok: true });
        return stores;
      });
  if (!redis) {
    // Config refuses PostgreSQL without Redis, so only the embedded stores (with their own queue) get here.
    if (!('queue' in base))
      throw new Error('PostgreSQL needs SIFT_REDIS_URL (config should have refused this)');
    return base as Stores;
  }
  try {
    const { queue, events, counters, loginAttempts, ping, close } = await openRedis(
      config,
      redis.url,
      options,
    );
    return {
      ...base,
      queue,
      events,
      counters,
      loginAttempts,
      engines: { ...base.engines, queue: 'redis' },
      probes: { ...base.probes, queue: ping },
      close: async () => {
        await close();
        await base.close();
      },
    };
  } catch (err) {
    await base.close();
    throw err;
  }
}

/** Stores whose job queue comes from elsewhere (Redis). */
type StoresWithoutQueue = Omit<Stores, 'queue'> & { queue?: JobQueue };

async function openPostgresStores(config: Config, options: Options): Promise<StoresWithoutQueue> {
  const { url, poolMax } = config.backends.database!;
  const pg = await import('@sift/adapter-postgres');
  const pool = pg.createPgPool(url, { max: poolMax, applicationName: 'sift' });
  const closers: (() => Promise<void>)[] = [() => pool.end()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    await waitForBackend('PostgreSQL', 'SIFT_DATABASE_URL', redactUrl(url), () => pool.query('SELECT 1'), {
      totalMs: config.backendWaitMs,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.startup ? { onAttempt: options.startup.reporter('database') } : {}),
    });
    const analysis = { foldDiacritics: config.search.lexicalFoldDiacritics };
    const metadata = new pg.PgMetadataStore(pool, { lexical: analysis });
    if (options.migrate !== false) {
      await metadata.migrate();
      await metadata.ensureLocalUser();
      // A changed SIFT_LEXICAL_FOLD_DIACRITICS (or stemmer) would make queries miss what was indexed before.
      const rebuilt = await pg.reindexLexicalIfAnalysisChanged(pool, pg.pgLexicalAnalyzer(analysis));
      if (rebuilt !== null)
        options.logger?.info({ chunks: rebuilt }, 'lexical index rebuilt for the new analysis');
    }
    const exact = new pg.PgExactVectorIndex(pool);
    let vectors: Stores['vectors'] = exact;
    let vectorProbe: (() => Promise<void>) | undefined;
    if (config.backends.vector) {
      const vectorUrl = config.backends.vector.url;
      const chroma = await import('@sift/adapter-chroma');
      const client = chroma.createChromaClient(vectorUrl);
      const ping = async () => void (await client.heartbeat());
      await waitForBackend('Chroma', 'SIFT_VECTOR_URL', redactUrl(vectorUrl), ping, {
        totalMs: config.backendWaitMs,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.startup ? { onAttempt: options.startup.reporter('vectors') } : {}),
      });
      const index = new chroma.ChromaVectorIndex({
        client,
        truth: exact,
        feed: new pg.PgVectorFeed(pool),
        ...(options.logger ? { logger: options.logger } : {}),
      });
      // The outbox is switched on (and backfilled) only after migrations: `sift migrate` opens no index.
      if (options.migrate !== false) await index.start();
      closers.push(() => index.close());
      vectors = index;
      vectorProbe = ping;
    }
    await mkdir(config.backends.blobDir, { recursive: true });
    return {
      metadata,
      blobs: await new FsBlobStore(config.backends.blobDir).init({ tmpGraceMs: config.sweep.graceMs }),
      lexical: new pg.PgLexicalIndex(pool, { analysis }),
      vectors,
      embeddingCache:
        config.embedding.cacheMaxEntries > 0
          ? new pg.PgEmbeddingCache(pool, { maxEntries: config.embedding.cacheMaxEntries })
          : null,
      engines: {
        database: 'postgres',
        queue: 'redis',
        vectors: config.backends.vector ? 'chroma' : 'postgres',
      },
      probes: vectorProbe ? { vectors: vectorProbe } : {},
      databaseBytes: async () => {
        const { rows } = await pool.query<{ bytes: string }>(
          'SELECT pg_database_size(current_database())::text AS bytes',
        );
        return Number(rows[0]?.bytes ?? 0);
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function openRedis(
  config: Config,
  url: string,
  { logger, startup }: Options,
): Promise<{
  queue: JobQueue;
  events: EventBus;
  counters: object;
  loginAttempts: LoginAttemptStore;
  ping: () => Promise<void>;
  close: () => Promise<void>;
}> {
  const redis = await import('@sift/adapter-redis');
  const connection = await waitForBackend(
    'Redis',
    'SIFT_REDIS_URL',
    redactUrl(url),
    () => redis.createRedisConnection(url, { connectionName: 'sift-queue' }),
    {
      totalMs: config.backendWaitMs,
      ...(logger ? { logger } : {}),
      ...(startup ? { onAttempt: startup.reporter('queue') } : {}),
    },
  );
  let counters: Awaited<ReturnType<typeof redis.createRedisConnection>> | null = null;
  try {
    counters = await redis.createRedisConnection(url, { connectionName: 'sift-counters' });
    const events = await redis.RedisEventBus.connect(url, {
      onListenerError: (err) => logger?.warn({ err }, 'an event listener failed'),
      onError: (err) => logger?.warn({ err }, 'the Redis event bus failed to publish or read an event'),
    });
    return {
      queue: new redis.RedisJobQueue(connection),
      events,
      counters,
      loginAttempts: new redis.RedisLoginAttemptStore(counters),
      ping: async () => void (await connection.ping()),
      close: async () => {
        await events.close();
        counters?.disconnect();
        connection.disconnect();
      },
    };
  } catch (err) {
    counters?.disconnect();
    connection.disconnect();
    throw err;
  }
}
