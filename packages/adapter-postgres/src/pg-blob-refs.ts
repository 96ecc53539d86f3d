import type { PgQueryable } from './pg-database.js';

// Blob reference counts change by single atomic statements (an upsert, a guarded decrement), never by
// read-then-write, so concurrent uploads and deletes on any number of nodes count exactly.

/** Adds one reference to a blob, creating its row; returns the new count. */
export async function retainBlob(db: PgQueryable, sha256: string, size: number): Promise<number> {
  const { rows } = await db.query<{ ref_count: number }>(
    `INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (sha256) DO UPDATE SET ref_count = blobs.ref_count + 1
     RETURNING ref_count`,
    [sha256, size, Date.now()],
  );
  return rows[0]!.ref_count;
}

/**
 * Drops one reference; returns the remaining count. Releasing an unknown or unreferenced blob is a no-op that
 * reports 0, never a negative count.
 */
export async function releaseBlob(db: PgQueryable, sha256: string): Promise<number> {
  const { rows } = await db.query<{ ref_count: number }>(
    'UPDATE blobs SET ref_count = ref_count - 1 WHERE sha256 = $1 AND ref_count > 0 RETURNING ref_count',
    [sha256],
  );
  return rows[0]?.ref_count ?? 0;
}

export async function blobRefCount(db: PgQueryable, sha256: string): Promise<number> {
  const { rows } = await db.query<{ ref_count: number }>('SELECT ref_count FROM blobs WHERE sha256 = $1', [
    sha256,
  ]);
  return rows[0]?.ref_count ?? 0;
}
