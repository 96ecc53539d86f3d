import type { OutboxFeed, VectorChange } from '@sift/core';
import { withTransaction, type PgClient, type PgPool } from './pg-database.js';
import { decodeVector } from './pg-vector-rows.js';

interface OutboxRow {
  id: number;
  kind: 'chunk' | 'document' | 'space';
  space: string | null;
  chunk_seq: number | null;
  document_id: string | null;
  generation: number | null;
}

interface TruthRow {
  space: string;
  seq: number;
  generation: number;
  vector: Buffer | null;
  chunk_id: string | null;
  document_id: string | null;
  owner_id: string;
  collection_id: string | null;
  folder_id: string | null;
  content_type: string;
  category: string;
  tags: string[];
  language: string | null;
  uploaded_at: number;
  metadata: Record<string, unknown>;
}

const CHANNEL = 'sift_vector_outbox';

/**
 * The PostgreSQL side of the Chroma index: reads `vector_outbox` (filled by the triggers of migration 004)
 * and resolves its rows against `chunk_vectors` and `documents`. One drainer at a time per schema, across
 * processes (a transaction-scoped advisory lock): a drainer reads the truth after taking the lock and writes
 * it before releasing it, so a slower drainer can never overwrite newer state with older. Rows are deleted in
 * the same transaction, after the consumer's `apply` resolved; if it throws (Chroma down) the transaction
 * rolls back and the rows stay for the next drain.
 */
export class PgVectorFeed implements OutboxFeed {
  constructor(private readonly pool: PgPool) {}

  async describeSpace(
    spaceId: string,
  ): Promise<{ dimensions: number; generation: number; count: number } | null> {
    const { rows } = await this.pool.query<{ dimensions: number; generation: number; count: number }>(
      'SELECT dimensions, generation, vector_count AS count FROM vector_spaces WHERE id = $1',
      [spaceId],
    );
    return rows[0] ?? null;
  }

  /**
   * Turns the outbox on, queueing every existing vector. The SHARE locks wait for writers in flight and hold
   * new ones until the switch commits: a write either committed before (and is in the backfill) or starts
   * after (and its trigger sees the outbox on).
   */
  async enable(): Promise<void> {
    const { rows } = await this.pool.query<{ enabled: boolean }>(
      'SELECT enabled FROM vector_outbox_state WHERE id = 1',
    );
    if (rows[0]?.enabled) return;
    await this.inTransaction(async (client) => {
      const state = await client.query<{ enabled: boolean }>(
        'SELECT enabled FROM vector_outbox_state WHERE id = 1 FOR UPDATE',
      );
      if (state.rows[0]?.enabled) return;
      await client.query('LOCK TABLE chunk_vectors, documents IN SHARE MODE');
      await client.query('UPDATE vector_outbox_state SET enabled = true, updated_at = now() WHERE id = 1');
      await client.query(
        `INSERT INTO vector_outbox (kind, space, chunk_seq)
         SELECT 'chunk', space, chunk_seq FROM chunk_vectors ORDER BY space, chunk_seq`,
      );
      await client.query(`SELECT pg_notify('${CHANNEL}', current_schema())`);
    });
  }

  /** Turns the outbox off and empties it (a deployment leaving the vector database). */
  async disable(): Promise<void> {
    await this.inTransaction(async (client) => {
      await client.query('UPDATE vector_outbox_state SET enabled = false, updated_at = now() WHERE id = 1');
      await client.query('DELETE FROM vector_outbox');
    });
  }

  async resync(spaceId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO vector_outbox (kind, space, chunk_seq)
       SELECT 'chunk', space, chunk_seq FROM chunk_vectors WHERE space = $1 AND vector_outbox_enabled()
       ORDER BY chunk_seq`,
      [spaceId],
    );
  }

  async pending(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM vector_outbox');
    return rows[0]?.n ?? 0;
  }

  async drain(
    apply: (changes: VectorChange[]) => Promise<void>,
    options: { limit: number },
  ): Promise<{ rows: number }> {
    // Nothing pending is the common case (every search drains first): answer it without the lock, which
    // would otherwise queue all searches of all processes behind each other. Rows a drainer has read but not
    // yet acknowledged are still there, so a search that sees none really has nothing to wait for.
    const { rows: any } = await this.pool.query('SELECT 1 FROM vector_outbox LIMIT 1');
    if (any.length === 0) return { rows: 0 };
    return this.inTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('sift.vector_outbox.' || current_schema()))`);
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, kind, space, chunk_seq, document_id, generation FROM vector_outbox ORDER BY id LIMIT $1`,
        [Math.max(1, Math.floor(options.limit))],
      );
      if (rows.length === 0) return { rows: 0 };
      const changes = await resolve(client, rows);
      if (changes.length > 0) await apply(changes);
      await client.query('DELETE FROM vector_outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return { rows: rows.length };
    });
  }

  /**
   * Calls `listener` when a transaction that filled the outbox commits in this schema (NOTIFY from the
   * triggers). Holds one connection of the pool until unsubscribed.
   */
  async subscribe(listener: () => void): Promise<() => Promise<void>> {
    const client = await this.pool.connect();
    const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
    const schema = rows[0]?.schema;
    const onNotification = (message: { channel: string; payload?: string }) => {
      if (message.channel === CHANNEL && message.payload === schema) listener();
    };
    client.on('notification', onNotification);
    await client.query(`LISTEN ${CHANNEL}`);
    return async () => {
      client.off('notification', onNotification);
      try {
        await client.query(`UNLISTEN ${CHANNEL}`);
        client.release();
      } catch (err) {
        client.release(err instanceof Error ? err : true);
      }
    };
  }

  private inTransaction<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, fn);
  }
}

/**
 * The current truth of the rows' keys: `chunk` rows name a key, `document` rows every vector of the document
 * (in any space), `space` rows a dropped collection. A key whose space is gone is left to that space's drop.
 */
async function resolve(client: PgClient, rows: OutboxRow[]): Promise<VectorChange[]> {
  const changes: VectorChange[] = [];
  const keys = new Map<string, { space: string; seq: number }>();
  const addKey = (space: string, seq: number) => keys.set(`${seq}\u0000${space}`, { space, seq });
  const documentIds = new Set<string>();
  for (const row of rows) {
    if (row.kind === 'space') changes.push({ kind: 'drop', space: row.space!, generation: row.generation! });
    else if (row.kind === 'chunk') addKey(row.space!, row.chunk_seq!);
    else documentIds.add(row.document_id!);
  }
  if (documentIds.size > 0) {
    const { rows: vectors } = await client.query<{ space: string; seq: number }>(
      `SELECT v.space, v.chunk_seq AS seq FROM document_chunks c JOIN chunk_vectors v ON v.chunk_seq = c.seq
       WHERE c.document_id = ANY($1::text[])`,
      [[...documentIds]],
    );
    for (const v of vectors) addKey(v.space, v.seq);
  }
  if (keys.size === 0) return changes;
  const list = [...keys.values()];
  const { rows: truth } = await client.query<TruthRow>(
    `SELECT k.space, k.seq, s.generation, v.vector, c.id AS chunk_id, c.document_id, d.owner_id,
            d.collection_id, d.folder_id, d.content_type, d.category, d.tags, d.language, d.uploaded_at,
            d.metadata
     FROM unnest($1::text[], $2::bigint[]) AS k (space, seq)
       JOIN vector_spaces s ON s.id = k.space
       LEFT JOIN chunk_vectors v ON v.space = k.space AND v.chunk_seq = k.seq
       LEFT JOIN document_chunks c ON c.seq = v.chunk_seq
       LEFT JOIN documents d ON d.id = c.document_id
     ORDER BY k.space, k.seq`,
    [list.map((k) => k.space), list.map((k) => k.seq)],
  );
  for (const t of truth) {
    if (!t.vector || !t.chunk_id || !t.document_id) {
      changes.push({ kind: 'delete', space: t.space, generation: t.generation, key: t.seq });
      continue;
    }
    changes.push({
      kind: 'upsert',
      space: t.space,
      generation: t.generation,
      key: t.seq,
      chunkId: t.chunk_id,
      vector: decodeVector(t.vector),
      document: {
        documentId: t.document_id,
        ownerId: t.owner_id,
        collectionId: t.collection_id,
        folderId: t.folder_id,
        contentType: t.content_type,
        category: t.category,
        tags: t.tags,
        language: t.language,
        uploadedAt: t.uploaded_at,
        metadata: t.metadata,
      },
    });
  }
  return changes;
}
