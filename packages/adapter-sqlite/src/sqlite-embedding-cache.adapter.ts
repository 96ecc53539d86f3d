import type { EmbeddingCache, EmbeddingCacheEntry } from '@sift/core';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';

/** Options of {@link SqliteEmbeddingCache}. */
export interface SqliteEmbeddingCacheOptions {
  /** Entries kept at most; the least recently used go first (default 1,000,000 ≈ 2 GB at 512 dims). */
  maxEntries?: number;
}

const SQL = {
  get: `SELECT vector FROM embedding_cache WHERE key = ?`,
  touch: `UPDATE embedding_cache SET used_at = ? WHERE key = ?`,
  put: `INSERT INTO embedding_cache (key, vector, used_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET vector = excluded.vector, used_at = excluded.used_at`,
  count: `SELECT count(*) FROM embedding_cache`,
  evict: `DELETE FROM embedding_cache WHERE key IN
    (SELECT key FROM embedding_cache ORDER BY used_at LIMIT ?)`,
} as const;

/**
 * The embedding cache in the SQLite file (migration 004): survives restarts, so a re-ingested or re-indexed
 * document whose chunks did not change is not embedded again. Vectors are raw float32 bytes.
 */
export class SqliteEmbeddingCache implements EmbeddingCache {
  private readonly sql: StatementCache;
  private readonly maxEntries: number;
  private puts = 0;

  constructor(db: SqliteDatabase, options: SqliteEmbeddingCacheOptions = {}) {
    this.sql = new StatementCache(db);
    this.maxEntries = options.maxEntries ?? 1_000_000;
  }

  async getMany(keys: string[]): Promise<(Float32Array | null)[]> {
    const now = Date.now();
    const get = this.sql.get(SQL.get).pluck();
    const touch = this.sql.get(SQL.touch);
    return this.sql.db.transaction(() =>
      keys.map((key) => {
        const blob = get.get(key) as Buffer | undefined;
        if (!blob) return null;
        touch.run(now, key);
        // Copy: the Buffer may be a view into a pooled allocation that is not float-aligned.
        return new Float32Array(new Uint8Array(blob).buffer);
      }),
    )();
  }

  async putMany(entries: EmbeddingCacheEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = Date.now();
    const put = this.sql.get(SQL.put);
    this.sql.db.transaction(() => {
      for (const { key, vector } of entries) {
        put.run(key, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength), now);
      }
    })();
    this.puts += entries.length;
    // Counting every put would cost a scan each time; checking after every 1,000 new entries is enough.
    if (this.puts >= 1_000) {
      this.puts = 0;
      const count = this.sql.get(SQL.count).pluck().get() as number;
      if (count > this.maxEntries) this.sql.get(SQL.evict).run(count - this.maxEntries);
    }
  }
}
