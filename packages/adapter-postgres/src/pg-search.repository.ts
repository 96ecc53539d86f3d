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
import { withTransaction, type PgPool, type PgQueryable } from './pg-database.js';
import { iso } from './pg-time.js';

const SERVING_SPACE_KEY = 'search.serving_space';
const SWAP_CHECK_KEY = 'search.swap_check';
const profileKey = (spaceId: string) => `search.space_profile:${spaceId}`;

const CHUNK_TO_EMBED = `c.id AS "chunkId", c.document_id AS "documentId", c.content,
  c.heading_path AS "headingPath", d.title`;

const SQL = {
  insertQuery: `INSERT INTO search_queries (id, user_id, query, mode, filters, results_count, latency_ms, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  listQueries: `SELECT * FROM search_queries ORDER BY created_at DESC, seq DESC LIMIT $1`,
  listUserQueries: `SELECT * FROM search_queries WHERE user_id = $2 ORDER BY created_at DESC, seq DESC LIMIT $1`,
  getSetting: `SELECT value FROM settings WHERE key = $1`,
  putSetting: `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  stampCollections: `UPDATE collections SET embedding_model = $1, embedding_dim = $2, updated_at = $3`,
  missing: `SELECT ${CHUNK_TO_EMBED} FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.space = $1 AND v.chunk_seq = c.seq)
    ORDER BY c.seq LIMIT $2`,
  countMissing: `SELECT count(*) AS n FROM document_chunks c
    WHERE NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.space = $1 AND v.chunk_seq = c.seq)`,
  // A multiplicative hash of seq orders chunks pseudo-randomly but the same way every time: a spread sample
  // that a recheck sees again. Very short chunks make poor probes.
  sample: `SELECT ${CHUNK_TO_EMBED} FROM document_chunks c JOIN documents d ON d.id = c.document_id
    WHERE length(c.content) >= 40 ORDER BY (c.seq * 2654435761) % 4294967291, c.seq LIMIT $1`,
  countDocuments: `SELECT count(DISTINCT document_id) AS n FROM document_chunks`,
  deleteSetting: `DELETE FROM settings WHERE key = $1`,
} as const;

interface QueryRow {
  id: string;
  user_id: string | null;
  query: string;
  mode: string;
  filters: SearchQueryRecord['filters'];
  results_count: number;
  latency_ms: number;
  created_at: number;
}

/**
 * Query log, serving space, the re-embedding work list, space profiles and the swap check on PostgreSQL.
 * Profiles and the check are small JSON values in `settings`, next to the serving space.
 */
export class PgSearchRepository implements SearchRepository {
  constructor(private readonly pool: PgPool) {}

  async recordQuery(entry: SearchQueryLog): Promise<void> {
    await this.pool.query(SQL.insertQuery, [
      randomUUID(),
      entry.userId,
      entry.query,
      entry.mode,
      JSON.stringify(entry.filters),
      entry.resultsCount,
      Math.max(0, Math.round(entry.latencyMs)),
      Date.now(),
    ]);
  }

  async listQueries(options: { limit: number; userId?: string }): Promise<SearchQueryRecord[]> {
    const { rows } = options.userId
      ? await this.pool.query<QueryRow>(SQL.listUserQueries, [options.limit, options.userId])
      : await this.pool.query<QueryRow>(SQL.listQueries, [options.limit]);
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      query: row.query,
      mode: row.mode,
      filters: row.filters,
      resultsCount: row.results_count,
      latencyMs: row.latency_ms,
      createdAt: iso(row.created_at),
    }));
  }

  async servingSpace(): Promise<VectorSpace | null> {
    const value = await readSetting<VectorSpace>(this.pool, SERVING_SPACE_KEY);
    return value ? { id: value.id, dimensions: value.dimensions } : null;
  }

  async setServingSpace(space: VectorSpace): Promise<void> {
    const model = modelOfSpace(space.id);
    const now = Date.now();
    await withTransaction(this.pool, async (client) => {
      const value = JSON.stringify({ id: space.id, dimensions: space.dimensions, model });
      await client.query(SQL.putSetting, [SERVING_SPACE_KEY, value, now]);
      await client.query(SQL.stampCollections, [model, space.dimensions, now]);
    });
  }

  async chunksMissingVectors(spaceId: string, limit: number): Promise<ChunkToEmbed[]> {
    return (await this.pool.query<ChunkToEmbed>(SQL.missing, [spaceId, limit])).rows;
  }

  async countChunksMissingVectors(spaceId: string): Promise<number> {
    return (await this.pool.query<{ n: number }>(SQL.countMissing, [spaceId])).rows[0]!.n;
  }

  async sampleChunks(limit: number): Promise<ChunkToEmbed[]> {
    return (await this.pool.query<ChunkToEmbed>(SQL.sample, [limit])).rows;
  }

  async countDocumentsWithChunks(): Promise<number> {
    return (await this.pool.query<{ n: number }>(SQL.countDocuments)).rows[0]!.n;
  }

  async spaceProfile(spaceId: string): Promise<VectorSpaceProfile | null> {
    return readSetting<VectorSpaceProfile>(this.pool, profileKey(spaceId));
  }

  async saveSpaceProfile(profile: VectorSpaceProfile): Promise<void> {
    await this.pool.query(SQL.putSetting, [profileKey(profile.spaceId), JSON.stringify(profile), Date.now()]);
  }

  async deleteSpaceProfile(spaceId: string): Promise<void> {
    await this.pool.query(SQL.deleteSetting, [profileKey(spaceId)]);
  }

  async swapCheck(): Promise<SwapCheck | null> {
    return readSetting<SwapCheck>(this.pool, SWAP_CHECK_KEY);
  }

  async saveSwapCheck(check: SwapCheck): Promise<void> {
    await this.pool.query(SQL.putSetting, [SWAP_CHECK_KEY, JSON.stringify(check), Date.now()]);
  }
}

/** A value of `settings` (jsonb arrives parsed), or null when the key is not set. */
export async function readSetting<T>(db: PgQueryable, key: string): Promise<T | null> {
  const { rows } = await db.query<{ value: T }>(SQL.getSetting, [key]);
  return rows[0] ? rows[0].value : null;
}
