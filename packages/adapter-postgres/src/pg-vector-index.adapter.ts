import { dot, type IndexHit, type SearchFilter, type VectorIndex, type VectorSpace } from '@sift/core';
import { encodeVector, ensureSpace, upsertVectors } from './pg-chunk-vectors.js';
import { withReadSnapshot, withTransaction, type PgPool } from './pg-database.js';
import { searchFilterSql } from './pg-search-filter.js';
import { TopK, decodeVector, dimensionMismatch, vectorError } from './pg-vector-rows.js';

/** Options of {@link PgExactVectorIndex}. */
export interface PgExactVectorIndexOptions {
  /** Vectors read per round trip of a search (default 2,000: about 4 MB at 512 dimensions). */
  batchSize?: number;
}

/**
 * VectorIndex on PostgreSQL alone: vectors live in `chunk_vectors` (migration 001), written with their chunks
 * by `saveContent` or later by `upsert`, and every search is exact. The space's vectors are read in batches of
 * `batchSize` in chunk order (keyset on `chunk_seq`), the SearchFilter applied in the same SQL (joined to the
 * documents only when the filter needs them), and scored in the process against the normalised query, keeping
 * the best `limit`. All batches of one search read one snapshot (REPEATABLE READ), so a concurrent write never
 * shows half. The fallback when no vector database is configured (`SIFT_VECTOR_URL` unset), and the truth the
 * Chroma index answers `get`, `count`, `upsert`, `dropSpace` and exact searches from.
 */
export class PgExactVectorIndex implements VectorIndex {
  private readonly batchSize: number;

  constructor(
    private readonly pool: PgPool,
    options: PgExactVectorIndexOptions = {},
  ) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 2_000));
  }

  /**
   * Stores or replaces vectors of existing chunks, all in one transaction. Chunks that no longer exist (their
   * document was deleted or re-processed while the vectors were computed) are skipped: their vectors would
   * have nothing to describe. A wrong length or a space of other dimensions fails the whole call.
   */
  async upsert(space: VectorSpace, items: { chunkId: string; vector: Float32Array }[]): Promise<void> {
    // The last vector given for a chunk wins (one statement cannot write a row twice).
    const byChunk = new Map<string, Buffer>();
    for (const { chunkId, vector } of items) {
      const error = vectorError(space, vector);
      if (error) throw error;
      byChunk.set(chunkId, encodeVector(vector));
    }
    await withTransaction(this.pool, async (client) => {
      const problem = await ensureSpace(client, space, Date.now());
      if (problem) throw dimensionMismatch(space, problem);
      if (byChunk.size === 0) return;
      // FOR KEY SHARE: a chunk found here cannot be deleted before the vector referencing it commits.
      const { rows } = await client.query<{ id: string; seq: number }>(
        `SELECT id, seq FROM document_chunks WHERE id = ANY($1::text[]) ORDER BY seq FOR KEY SHARE`,
        [[...byChunk.keys()]],
      );
      await upsertVectors(
        client,
        space.id,
        rows.map((r) => r.seq),
        rows.map((r) => byChunk.get(r.id)!),
      );
    });
  }

  async search(
    space: VectorSpace,
    query: Float32Array,
    options: { filter: SearchFilter; limit: number; exact?: boolean },
  ): Promise<IndexHit[]> {
    const error = vectorError(space, query);
    if (error) throw error;
    const limit = Math.floor(options.limit);
    const params: unknown[] = [space.id];
    // Built before any query: an invalid filter throws SEARCH_FILTER_INVALID even on an empty space.
    const where = searchFilterSql(options.filter, params, 'd');
    const normalised = decodeVector(encodeVector(query));
    return withReadSnapshot(this.pool, async (client) => {
      const { rows: spaces } = await client.query<{ dimensions: number; count: number }>(
        'SELECT dimensions, vector_count AS count FROM vector_spaces WHERE id = $1',
        [space.id],
      );
      const row = spaces[0];
      if (row && row.dimensions !== space.dimensions) {
        throw dimensionMismatch(space, `the space holds ${row.dimensions}-dimensional vectors`);
      }
      if (!row || row.count === 0 || !(limit > 0)) return [];
      const seqParam = `$${params.length + 1}`;
      const batchParam = `$${params.length + 2}`;
      const text =
        where === 'TRUE'
          ? `SELECT v.chunk_seq AS seq, v.vector FROM chunk_vectors v
             WHERE v.space = $1 AND v.chunk_seq > ${seqParam} ORDER BY v.chunk_seq LIMIT ${batchParam}`
          : `SELECT v.chunk_seq AS seq, v.vector FROM chunk_vectors v
               JOIN document_chunks c ON c.seq = v.chunk_seq JOIN documents d ON d.id = c.document_id
             WHERE v.space = $1 AND v.chunk_seq > ${seqParam} AND ${where}
             ORDER BY v.chunk_seq LIMIT ${batchParam}`;
      const top = new TopK(limit);
      let after = 0;
      for (;;) {
        const { rows } = await client.query<{ seq: number; vector: Buffer }>(text, [
          ...params,
          after,
          this.batchSize,
        ]);
        for (const r of rows) top.offer(r.seq, dot(decodeVector(r.vector), normalised));
        if (rows.length < this.batchSize) break;
        after = rows[rows.length - 1]!.seq;
      }
      const best = top.result();
      if (best.length === 0) return [];
      const { rows: chunks } = await client.query<{ seq: number; id: string; documentId: string }>(
        `SELECT seq, id, document_id AS "documentId" FROM document_chunks WHERE seq = ANY($1::bigint[])`,
        [best.map((b) => b.seq)],
      );
      const bySeq = new Map(chunks.map((c) => [c.seq, c]));
      return best.flatMap(({ seq, score }) => {
        const chunk = bySeq.get(seq);
        return chunk ? [{ chunkId: chunk.id, documentId: chunk.documentId, score }] : [];
      });
    });
  }

  async get(space: VectorSpace, chunkId: string): Promise<Float32Array | null> {
    const { rows } = await this.pool.query<{ vector: Buffer }>(
      `SELECT v.vector FROM document_chunks c JOIN chunk_vectors v ON v.chunk_seq = c.seq AND v.space = $1
       WHERE c.id = $2`,
      [space.id, chunkId],
    );
    return rows[0] ? decodeVector(rows[0].vector) : null;
  }

  async count(space: VectorSpace): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(
      'SELECT vector_count AS count FROM vector_spaces WHERE id = $1',
      [space.id],
    );
    return rows[0]?.count ?? 0;
  }

  /** Deletes the space and its vectors in one statement (they cascade). */
  async dropSpace(space: VectorSpace): Promise<void> {
    await this.pool.query('DELETE FROM vector_spaces WHERE id = $1', [space.id]);
  }

  /** Nothing to free: the pool belongs to the caller. */
  async close(): Promise<void> {}
}
