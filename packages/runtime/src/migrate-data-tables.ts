import type { SqliteDatabase } from '@sift/adapter-sqlite';
import type { PgClient, PgImportColumn, PgPool } from '@sift/adapter-postgres';

/**
 * How one table is copied from the embedded SQLite database to PostgreSQL. Names of tables and columns are the
 * same in both schemas (PostgreSQL's 001/002 were written from SQLite's final shape); values differ only in
 * type (0/1 vs boolean, JSON text vs jsonb, BLOB vs bytea), which pg-import converts per column.
 */
export interface TableSpec {
  table: string;
  /** The PostgreSQL key a replayed row conflicts on (it is then skipped). */
  conflict: string[];
  /**
   * Where PostgreSQL's identity `seq` comes from: SQLite's own `seq` column or its rowid. Kept, so lists, audit
   * cursors and BM25 ties order exactly as before, and chunk vectors keep pointing at their chunk.
   */
  seq?: 'rowid' | 'seq';
  /**
   * An integer SQLite expression giving the copy order and the checkpoint (default rowid). It must put a row
   * after every row it references within the table.
   */
  key?: string;
  /** Rows left out (SQL condition on the SQLite row). */
  where?: string;
  /** PostgreSQL values that replace the source's (counters its triggers maintain). */
  override?: Record<string, unknown>;
}

// 2^40: more rows than any table holds, so depth * DEPTH + rowid orders folders by depth, then age.
const DEPTH = 1_099_511_627_776;

/**
 * Every table that holds data, parents before children. Not copied: `tasks` (re-enqueued into Redis, see
 * migrate-data-tasks.ts), `workers` and `health_checks` (operational, rewritten by the new processes), the
 * FTS5 tables (the PostgreSQL lexical index is built from the chunks), and `settings.lexical.analysis` (the
 * target records the analysis its own index was built with).
 */
export const TABLES: readonly TableSpec[] = [
  { table: 'users', conflict: ['id'], seq: 'rowid' },
  { table: 'groups', conflict: ['id'] },
  { table: 'group_members', conflict: ['group_id', 'user_id'] },
  { table: 'collections', conflict: ['id'] },
  { table: 'collection_shares', conflict: ['collection_id', 'principal_type', 'principal_id'] },
  { table: 'api_keys', conflict: ['id'] },
  { table: 'refresh_tokens', conflict: ['id'] },
  // A folder moved under a younger one has a larger rowid than its parent: copy by depth first.
  {
    table: 'folders',
    conflict: ['id'],
    key: `(length(path) - length(replace(path, '/', ''))) * ${DEPTH} + rowid`,
  },
  { table: 'sources', conflict: ['id'] },
  { table: 'blobs', conflict: ['sha256'] },
  { table: 'documents', conflict: ['id'], seq: 'rowid' },
  { table: 'document_texts', conflict: ['document_id'] },
  { table: 'document_chunks', conflict: ['id'], seq: 'seq' },
  // PostgreSQL's triggers count the vectors as they arrive; the version is restored after the copy.
  { table: 'vector_spaces', conflict: ['id'], override: { version: 0, vector_count: 0 } },
  { table: 'chunk_vectors', conflict: ['space', 'chunk_seq'] },
  { table: 'settings', conflict: ['key'], where: `key <> 'lexical.analysis'` },
  { table: 'chat_sessions', conflict: ['id'] },
  { table: 'chat_messages', conflict: ['id'], seq: 'seq' },
  { table: 'embedding_cache', conflict: ['key'], seq: 'rowid' },
  { table: 'search_queries', conflict: ['id'], seq: 'rowid' },
  // Usage analytics: what happened before the move keeps counting after it.
  { table: 'analytics_events', conflict: ['id'] },
  // Notifications keep their seq: their items point at it.
  { table: 'notifications', conflict: ['id'], seq: 'seq' },
  { table: 'notification_items', conflict: ['notification_seq', 'item'] },
  { table: 'webhooks', conflict: ['id'] },
  { table: 'webhook_deliveries', conflict: ['id'], seq: 'seq' },
  { table: 'audit_logs', conflict: ['id'], seq: 'rowid' },
];

/** What a table copy reports. */
export interface TableCopy {
  table: string;
  /** Rows inserted by this run (a resumed run counts only its own). */
  copied: number;
  batches: number;
}

/** Hooks of one table: work before a batch's transaction (files) and inside it (the lexical index). */
export interface BatchHooks {
  before?(rows: Record<string, unknown>[]): Promise<void>;
  inTransaction?(client: PgClient, rows: Record<string, unknown>[]): Promise<void>;
}

export interface CopyContext {
  source: SqliteDatabase;
  target: PgPool;
  batchSize: number;
  /** Runs `fn` in a target transaction and commits the checkpoint with it. */
  transaction<T>(fn: (client: PgClient) => Promise<T>): Promise<T>;
  checkpoint(client: PgClient, table: string, lastKey: number, copied: number, done: boolean): Promise<void>;
  /** Where the previous run of this table stopped. */
  resumeFrom(table: string): Promise<{ lastKey: number; done: boolean }>;
  /** Called after each committed batch (progress output, injected failures in tests). */
  afterBatch(table: string, copied: number): void;
  columns(table: string): Promise<PgImportColumn[]>;
  importRows(
    client: PgClient,
    table: string,
    columns: PgImportColumn[],
    rows: Record<string, unknown>[],
    conflict: string[],
  ): Promise<number>;
}

/** The columns both schemas have (plus `seq` when it is carried over), as PostgreSQL describes them. */
export async function sharedColumns(ctx: CopyContext, spec: TableSpec): Promise<PgImportColumn[]> {
  const sqlite = new Set(
    (ctx.source.prepare(`SELECT name FROM pragma_table_info(?)`).all(spec.table) as { name: string }[]).map(
      (c) => c.name,
    ),
  );
  if (spec.seq) sqlite.add('seq');
  return (await ctx.columns(spec.table)).filter(
    (c) => sqlite.has(c.name) && (!c.identity || spec.seq) && !(c.name in (spec.override ?? {})),
  );
}

/**
 * Copies one table in key order, one transaction per batch that also records the checkpoint, so an
 * interrupted run resumes after the last committed batch and a replayed row is skipped by its key.
 */
export async function copyTable(
  ctx: CopyContext,
  spec: TableSpec,
  hooks: BatchHooks = {},
): Promise<TableCopy> {
  const report: TableCopy = { table: spec.table, copied: 0, batches: 0 };
  const resume = await ctx.resumeFrom(spec.table);
  if (resume.done) return report;
  const columns = await sharedColumns(ctx, spec);
  const override = spec.override ?? {};
  const overrideColumns = (await ctx.columns(spec.table)).filter((c) => c.name in override);
  const key = spec.key ?? 'rowid';
  const seq = spec.seq === 'rowid' ? ', rowid AS seq' : '';
  const statement = ctx.source.prepare(
    `SELECT *${seq}, ${key} AS migrate_key FROM ${spec.table}
     WHERE ${key} > ?${spec.where ? ` AND (${spec.where})` : ''} ORDER BY ${key} LIMIT ?`,
  );
  let lastKey = resume.lastKey;
  for (;;) {
    const rows = statement.all(lastKey, ctx.batchSize) as Record<string, unknown>[];
    const done = rows.length < ctx.batchSize;
    if (rows.length > 0) {
      for (const row of rows) Object.assign(row, override);
      await hooks.before?.(rows);
      const nextKey = Number(rows.at(-1)!.migrate_key);
      const copied = await ctx.transaction(async (client) => {
        const n = await ctx.importRows(
          client,
          spec.table,
          [...columns, ...overrideColumns],
          rows,
          spec.conflict,
        );
        await hooks.inTransaction?.(client, rows);
        await ctx.checkpoint(client, spec.table, nextKey, n, done);
        return n;
      });
      lastKey = nextKey;
      report.copied += copied;
      report.batches += 1;
      ctx.afterBatch(spec.table, copied);
    } else {
      await ctx.transaction((client) => ctx.checkpoint(client, spec.table, lastKey, 0, true));
    }
    if (done) return report;
  }
}

/** Row counts of a table on both sides, as the verification compares them. */
export function sourceCount(source: SqliteDatabase, spec: TableSpec): number {
  const row = source
    .prepare(`SELECT count(*) AS n FROM ${spec.table}${spec.where ? ` WHERE ${spec.where}` : ''}`)
    .get() as { n: number };
  return row.n;
}

export async function targetCount(target: PgPool, spec: TableSpec): Promise<number> {
  const { rows } = await target.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${spec.table}${spec.where ? ` WHERE ${spec.where}` : ''}`,
  );
  return rows[0]!.n;
}
