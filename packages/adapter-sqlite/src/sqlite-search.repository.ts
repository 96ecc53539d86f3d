import { randomUUID } from 'node:crypto';
import {
  modelOfSpace,
  type ChunkToEmbed,
  type SearchQueryLog,
  type SearchQueryRecord,
  type SearchRepository,
  type SwapCheck,
  type VectorSpace,
  type VectorSpaceProfile,
} from '@sift/core';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';
import { iso } from './sqlite-time.js';

const SERVING_SPACE_KEY = 'search.serving_space';
const SWAP_CHECK_KEY = 'search.swap_check';
const profileKey = (spaceId: string) => `search.space_profile:${spaceId}`;

const SQL = {
  insertQuery: `INSERT INTO search_queries (id, user_id, query, mode, filters, results_count, latency_ms, created_at)
    VALUES (@id, @userId, @query, @mode, @filters, @resultsCount, @latencyMs, @now)`,
  listQueries: `SELECT * FROM search_queries ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  listUserQueries: `SELECT * FROM search_queries WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  getSetting: `SELECT value FROM settings WHERE key = ?`,
  putSetting: `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  stampCollections: `UPDATE collections SET embedding_model = ?, embedding_dim = ?, updated_at = ?`,
  // Documents are processed whole; only chunks of processed documents are worth embedding.
  missing: `SELECT c.id AS chunkId, c.document_id AS documentId, c.content, c.heading_path AS headingPath,
      d.title FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.space = ? AND v.chunk_seq = c.seq)
    ORDER BY c.seq LIMIT ?`,
  countMissing: `SELECT count(*) FROM document_chunks c
    WHERE NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.space = ? AND v.chunk_seq = c.seq)`,
  // A multiplicative hash of seq orders chunks pseudo-randomly but the same way every time: a spread sample
  // that a test (or a recheck) sees again. Very short chunks make poor probes.
  sample: `SELECT c.id AS chunkId, c.document_id AS documentId, c.content, c.heading_path AS headingPath,
      d.title FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE length(c.content) >= 40 ORDER BY (c.seq * 2654435761) % 4294967291 LIMIT ?`,
  countDocuments: `SELECT count(DISTINCT document_id) FROM document_chunks`,
  deleteSetting: `DELETE FROM settings WHERE key = ?`,
} as const;

interface QueryRow {
  id: string;
  user_id: string | null;
  query: string;
  mode: string;
  filters: string;
  results_count: number;
  latency_ms: number;
  created_at: number;
}

/**
 * Query log, serving space, the re-embedding work list, space profiles and the swap check on the SQLite file
 * (migrations 001, 004). Profiles and the check are small JSON values in `settings`, next to the serving space.
 */
export class SqliteSearchRepository implements SearchRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async recordQuery(entry: SearchQueryLog): Promise<void> {
    this.sql.get(SQL.insertQuery).run({
      id: randomUUID(),
      userId: entry.userId,
      query: entry.query,
      mode: entry.mode,
      filters: JSON.stringify(entry.filters),
      resultsCount: entry.resultsCount,
      latencyMs: Math.max(0, Math.round(entry.latencyMs)),
      now: Date.now(),
    });
  }

  async listQueries(options: { limit: number; userId?: string }): Promise<SearchQueryRecord[]> {
    const rows = (
      options.userId
        ? this.sql.get(SQL.listUserQueries).all(options.userId, options.limit)
        : this.sql.get(SQL.listQueries).all(options.limit)
    ) as QueryRow[];
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      query: row.query,
      mode: row.mode,
      filters: JSON.parse(row.filters) as SearchQueryRecord['filters'],
      resultsCount: row.results_count,
      latencyMs: row.latency_ms,
      createdAt: iso(row.created_at),
    }));
  }

  async servingSpace(): Promise<VectorSpace | null> {
    const row = this.sql.get(SQL.getSetting).get(SERVING_SPACE_KEY) as { value: string } | undefined;
    if (!row) return null;
    const { id, dimensions } = JSON.parse(row.value) as VectorSpace;
    return { id, dimensions };
  }

  async setServingSpace(space: VectorSpace): Promise<void> {
    const model = modelOfSpace(space.id);
    const now = Date.now();
    this.db.transaction(() => {
      const value = JSON.stringify({ id: space.id, dimensions: space.dimensions, model });
      this.sql.get(SQL.putSetting).run(SERVING_SPACE_KEY, value, now);
      this.sql.get(SQL.stampCollections).run(model, space.dimensions, now);
    })();
  }

  async chunksMissingVectors(spaceId: string, limit: number): Promise<ChunkToEmbed[]> {
    const rows = this.sql.get(SQL.missing).all(spaceId, limit) as (Omit<ChunkToEmbed, 'headingPath'> & {
      headingPath: string;
    })[];
    return rows.map((row) => ({ ...row, headingPath: JSON.parse(row.headingPath) as string[] }));
  }

  async countChunksMissingVectors(spaceId: string): Promise<number> {
    return this.sql.get(SQL.countMissing).pluck().get(spaceId) as number;
  }

  async sampleChunks(limit: number): Promise<ChunkToEmbed[]> {
    const rows = this.sql.get(SQL.sample).all(limit) as (Omit<ChunkToEmbed, 'headingPath'> & {
      headingPath: string;
    })[];
    return rows.map((row) => ({ ...row, headingPath: JSON.parse(row.headingPath) as string[] }));
  }

  async countDocumentsWithChunks(): Promise<number> {
    return this.sql.get(SQL.countDocuments).pluck().get() as number;
  }

  async spaceProfile(spaceId: string): Promise<VectorSpaceProfile | null> {
    return this.setting<VectorSpaceProfile>(profileKey(spaceId));
  }

  async saveSpaceProfile(profile: VectorSpaceProfile): Promise<void> {
    this.sql.get(SQL.putSetting).run(profileKey(profile.spaceId), JSON.stringify(profile), Date.now());
  }

  async deleteSpaceProfile(spaceId: string): Promise<void> {
    this.sql.get(SQL.deleteSetting).run(profileKey(spaceId));
  }

  async swapCheck(): Promise<SwapCheck | null> {
    return this.setting<SwapCheck>(SWAP_CHECK_KEY);
  }

  async saveSwapCheck(check: SwapCheck): Promise<void> {
    this.sql.get(SQL.putSetting).run(SWAP_CHECK_KEY, JSON.stringify(check), Date.now());
  }

  private setting<T>(key: string): T | null {
    const row = this.sql.get(SQL.getSetting).get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : null;
  }
}
