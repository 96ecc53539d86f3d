import path from 'node:path';
import { FsBlobStore } from '@sift/adapter-fs';
import type { SqliteDatabase } from '@sift/adapter-sqlite';
import {
  createPgPool,
  importPgRows,
  indexLexicalChunks,
  PgExactVectorIndex,
  pgImportColumns,
  pgLexicalAnalyzer,
  PgVectorFeed,
  resetPgIdentity,
  runPgMigrations,
  withTransaction,
  type LexicalChunkRow,
  type PgClient,
  type PgImportColumn,
  type PgPool,
} from '@sift/adapter-postgres';
import { createRedisConnection, RedisJobQueue } from '@sift/adapter-redis';
import { ChromaVectorIndex, createChromaClient } from '@sift/adapter-chroma';
import { redactUrl } from '@sift/config';
import { AppError, type VectorIndex } from '@sift/core';
import {
  copyTable,
  TABLES,
  type BatchHooks,
  type CopyContext,
  type TableCopy,
} from './migrate-data-tables.js';
import {
  claimTarget,
  markFinished,
  openSource,
  readCheckpoint,
  sourceIdentity,
  unreachable,
  writeCheckpoint,
} from './migrate-data-target.js';
import { migrateTasks, type TaskMigration } from './migrate-data-tasks.js';
import { verifyMigration, type Verification } from './migrate-data-verify.js';

/** Options of {@link migrateData}. */
export interface MigrateDataOptions {
  /** The embedded data dir (SIFT_DATA_DIR): `sift.db`, and its blobs in `sourceBlobDir`. */
  dataDir: string;
  sourceBlobDir: string;
  /** PostgreSQL (`--to`), Redis (`--redis`), Chroma (`--vector`, optional). */
  to: string;
  redis: string;
  vector?: string | null;
  /** Where the scale-out nodes keep blobs (`--blob-dir`); the source's blob dir when absent. */
  blobDir?: string | null;
  /** Continue a previous, interrupted run of the same source. */
  resume?: boolean;
  /** SIFT_LEXICAL_FOLD_DIACRITICS: the lexical index is built with the analysis the nodes will search with. */
  lexical: { foldDiacritics: boolean };
  batchSize?: number;
  /** Verification sample sizes (lexical queries; stored vectors per space). */
  samples?: { lexical?: number; vector?: number };
  onProgress?: (event: { table: string; copied: number }) => void;
  /** Tests: throw after this many committed batches, as a crash would interrupt the copy. */
  failAfterBatches?: number;
}

export interface MigrateDataResult {
  source: string;
  target: string;
  resumed: boolean;
  tables: TableCopy[];
  blobs: { copied: number; missing: string[]; blobDir: string };
  tasks: TaskMigration;
  /** The vector index searches go to, and the outbox rows not yet in Chroma after the flush (0 when done). */
  vectorIndex: { engine: 'chroma' | 'postgres'; outboxPending: number };
  verification: Verification;
}

/**
 * `sift migrate-data`: copies an embedded data dir into the scale-out backends without extracting or
 * embedding anything again — rows table by table (ids, sequence numbers and vectors unchanged), blob files
 * (hash-checked), the PostgreSQL lexical index built from the copied chunks in each batch's transaction,
 * pending work into the Redis queue, and Chroma filled from the vector outbox. Then it verifies counts and a
 * sample of searches. Resumable: each batch commits with its checkpoint in the target.
 */
export async function migrateData(options: MigrateDataOptions): Promise<MigrateDataResult> {
  const source = openSource(options.dataDir, options.lexical);
  const closers: (() => unknown)[] = [() => source.close()];
  try {
    const pool = createPgPool(options.to, {
      max: 4,
      connectionTimeoutMs: 10_000,
      applicationName: 'sift-migrate-data',
    });
    closers.push(() => pool.end());
    await pool.query('SELECT 1').catch((err: unknown) => {
      throw unreachable('PostgreSQL', '--to', options.to, err);
    });
    const redis = await createRedisConnection(options.redis, {
      connectTimeoutMs: 10_000,
      connectionName: 'sift-migrate-data',
    }).catch((err: unknown) => {
      throw unreachable('Redis', '--redis', options.redis, err);
    });
    closers.push(() => redis.disconnect());
    const chroma = options.vector ? createChromaClient(options.vector) : null;
    if (chroma) {
      await chroma.heartbeat().catch((err: unknown) => {
        throw unreachable('Chroma', '--vector', options.vector!, err);
      });
    }

    await runPgMigrations(pool, undefined, { setting: '--to' });
    const identity = sourceIdentity(source, options.dataDir);
    const resumed = await claimTarget(pool, identity, options.dataDir, options.resume ?? false);

    const blobDir = path.resolve(options.blobDir ?? options.sourceBlobDir);
    const blobs = await blobCopier(options.sourceBlobDir, blobDir);
    const tables = await copyTables(source, pool, options, {
      blobs: blobs.hooks,
      chunks: lexicalHooks(options),
    });
    await finishTables(source, pool, options);

    const tasks = await migrateTasks(source, pool, new RedisJobQueue(redis));

    const truth = new PgExactVectorIndex(pool);
    let targetVectors: VectorIndex = truth;
    if (chroma) {
      // Switching the outbox on backfills every copied vector; draining carries them into Chroma.
      const index = new ChromaVectorIndex({
        client: chroma,
        truth,
        feed: new PgVectorFeed(pool),
        drainIntervalMs: 0,
      });
      closers.push(() => index.close());
      await index.start();
      await index.flush();
      targetVectors = index;
    }
    const verification = await verifyMigration({
      source,
      sourceIndexDir: path.join(options.dataDir, 'indexes'),
      target: pool,
      targetVectors,
      lexical: options.lexical,
      ...(options.samples?.lexical !== undefined ? { lexicalSamples: options.samples.lexical } : {}),
      ...(options.samples?.vector !== undefined ? { vectorSamples: options.samples.vector } : {}),
    });
    if (verification.ok) await markFinished(pool);
    return {
      source: path.resolve(options.dataDir),
      target: redactUrl(options.to),
      resumed,
      tables,
      blobs: { copied: blobs.copied(), missing: blobs.missing(), blobDir },
      tasks,
      vectorIndex: {
        engine: chroma ? 'chroma' : 'postgres',
        outboxPending: (await pool.query<{ n: number }>('SELECT count(*) AS n FROM vector_outbox')).rows[0]!
          .n,
      },
      verification,
    };
  } finally {
    for (const close of closers.reverse()) await (async () => close())().catch(() => undefined);
  }
}

async function copyTables(
  source: SqliteDatabase,
  pool: PgPool,
  options: MigrateDataOptions,
  hooks: { blobs: BatchHooks; chunks: BatchHooks },
): Promise<TableCopy[]> {
  const columns = new Map<string, PgImportColumn[]>();
  let batches = 0;
  const ctx: CopyContext = {
    source,
    target: pool,
    batchSize: options.batchSize ?? 500,
    transaction: (fn) => withTransaction(pool, fn),
    checkpoint: writeCheckpoint,
    resumeFrom: (table) => readCheckpoint(pool, table),
    afterBatch: (table, copied) => {
      batches += 1;
      options.onProgress?.({ table, copied });
      if (options.failAfterBatches !== undefined && batches >= options.failAfterBatches) {
        throw new AppError(
          'MIGRATE_DATA_INJECTED_FAILURE',
          'system',
          `injected failure after ${batches} batches`,
        );
      }
    },
    columns: async (table) => {
      let found = columns.get(table);
      if (!found) columns.set(table, (found = await pgImportColumns(pool, table)));
      return found;
    },
    importRows: importPgRows,
  };
  const out: TableCopy[] = [];
  for (const spec of TABLES) {
    const tableHooks =
      spec.table === 'blobs' ? hooks.blobs : spec.table === 'document_chunks' ? hooks.chunks : {};
    out.push(await copyTable(ctx, spec, tableHooks));
  }
  return out;
}

/** Indexes each batch of chunks lexically in the transaction that inserts them, as saveContent does. */
function lexicalHooks(options: MigrateDataOptions): BatchHooks {
  const analyzer = pgLexicalAnalyzer(options.lexical);
  return {
    async inTransaction(client: PgClient, rows) {
      const ids = [...new Set(rows.map((r) => r.document_id as string))];
      const docs = await client.query<{ id: string; title: string | null; language: string | null }>(
        'SELECT id, title, language FROM documents WHERE id = ANY($1::text[])',
        [ids],
      );
      const byId = new Map(docs.rows.map((d) => [d.id, d]));
      const lexical: LexicalChunkRow[] = rows.map((r) => ({
        chunkId: r.id as string,
        documentId: r.document_id as string,
        title: byId.get(r.document_id as string)?.title ?? null,
        headingPath: JSON.parse(r.heading_path as string) as string[],
        content: r.content as string,
        language: byId.get(r.document_id as string)?.language ?? null,
      }));
      await indexLexicalChunks(client, lexical, analyzer);
    },
  };
}

/**
 * Copies blob files before their rows commit (a row never names a file the target lacks), re-hashing every
 * byte on the way; with one shared directory on both sides the files are only checked to exist. A file gone
 * from the source (an unreferenced blob already swept) is reported, not fatal.
 */
async function blobCopier(sourceDir: string, targetDir: string) {
  const same = path.resolve(sourceDir) === targetDir;
  const from = new FsBlobStore(sourceDir);
  const to = same ? from : await new FsBlobStore(targetDir).init();
  let copied = 0;
  const missing: string[] = [];
  const hooks: BatchHooks = {
    async before(rows) {
      for (const row of rows) {
        const sha256 = row.sha256 as string;
        if (!(await from.exists(sha256))) {
          missing.push(sha256);
          continue;
        }
        if (same) continue;
        const ref = await to.put(await from.open(sha256));
        if (ref.sha256 !== sha256 || ref.size !== Number(row.size)) {
          throw new AppError(
            'BLOB_HASH_MISMATCH',
            'system',
            `blob ${sha256} does not hash to its name: the file is corrupt`,
            {
              retryable: false,
              details: { sha256, found: ref.sha256, size: ref.size },
            },
          );
        }
        copied += 1;
      }
    },
  };
  return { hooks, copied: () => copied, missing: () => missing };
}

/**
 * After the rows: identities continue past the copied sequence numbers, each space keeps its version (caches
 * keyed by it stay valid) and the lexical index records the analysis it was built with.
 */
async function finishTables(
  source: SqliteDatabase,
  pool: PgPool,
  options: MigrateDataOptions,
): Promise<void> {
  for (const spec of TABLES) if (spec.seq) await resetPgIdentity(pool, spec.table);
  const spaces = source.prepare('SELECT id, version FROM vector_spaces').all() as {
    id: string;
    version: number;
  }[];
  for (const space of spaces) {
    await pool.query('UPDATE vector_spaces SET version = greatest(version, $2) WHERE id = $1', [
      space.id,
      space.version,
    ]);
  }
  await pool.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ('lexical.analysis', to_jsonb($1::text), $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [pgLexicalAnalyzer(options.lexical).signature, Date.now()],
  );
}
