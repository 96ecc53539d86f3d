import type { EmbeddingCache, EmbeddingCacheEntry } from '@sift/core';
import type { PgPool } from './pg-database.js';

/** Options of {@link PgEmbeddingCache}. */
export interface PgEmbeddingCacheOptions {
  /** Entries kept at most; the least recently used go first (default 1,000,000 ≈ 2 GB at 512 dims). */
  maxEntries?: number;
}

const SQL = {
  get: `SELECT key, vector FROM embedding_cache WHERE key = ANY($1::text[])`,
  // Recency is a hint: rows another process holds are skipped rather than waited for (and never deadlock).
  touch: `UPDATE embedding_cache SET used_at = $1 WHERE key IN (
      SELECT key FROM embedding_cache WHERE key = ANY($2::text[]) ORDER BY key FOR UPDATE SKIP LOCKED)`,
  // Rows in key order: two processes writing overlapping batches lock them in the same order.
  put: `INSERT INTO embedding_cache (key, vector, used_at)
    SELECT k, v, $3 FROM unnest($1::text[], $2::bytea[]) AS e(k, v) ORDER BY k
    ON CONFLICT (key) DO UPDATE SET vector = excluded.vector, used_at = excluded.used_at`,
  count: `SELECT count(*) AS n FROM embedding_cache`,
  evict: `DELETE FROM embedding_cache WHERE key IN (
      SELECT key FROM embedding_cache ORDER BY used_at, seq LIMIT $1 FOR UPDATE SKIP LOCKED)`,
} as const;

/**
 * The embedding cache in PostgreSQL (migration 002), shared by every process on the database: a text one
 * worker embedded is a lookup for all the others. Vectors are raw float32 bytes, as in SQLite.
 */
export class PgEmbeddingCache implements EmbeddingCache {
  private readonly maxEntries: number;
  private puts = 0;

  constructor(
    private readonly pool: PgPool,
    options: PgEmbeddingCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 1_000_000;
  }

  async getMany(keys: string[]): Promise<(Float32Array | null)[]> {
    if (keys.length === 0) return [];
    const unique = [...new Set(keys)];
    const { rows } = await this.pool.query<{ key: string; vector: Buffer }>(SQL.get, [unique]);
    const found = new Map(rows.map((r) => [r.key, r.vector]));
    if (found.size > 0) await this.pool.query(SQL.touch, [Date.now(), [...found.keys()]]);
    return keys.map((key) => {
      const bytes = found.get(key);
      // Copy: the Buffer may be a view into a pooled allocation that is not float-aligned.
      return bytes ? new Float32Array(new Uint8Array(bytes).buffer) : null;
    });
  }

  async putMany(entries: EmbeddingCacheEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement cannot upsert a key twice: the last vector given for a key wins, as sequential puts would.
    const latest = new Map<string, Float32Array>();
    for (const { key, vector } of entries) latest.set(key, vector);
    const keys = [...latest.keys()];
    const vectors = keys.map((key) => {
      const vector = latest.get(key)!;
      return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
    });
    await this.pool.query(SQL.put, [keys, vectors, Date.now()]);
    this.puts += entries.length;
    // Counting every put would cost a scan each time; checking after every 1,000 new entries is enough.
    if (this.puts >= 1_000) {
      this.puts = 0;
      const { rows } = await this.pool.query<{ n: number }>(SQL.count);
      const excess = rows[0]!.n - this.maxEntries;
      if (excess > 0) await this.pool.query(SQL.evict, [excess]);
    }
  }
}
