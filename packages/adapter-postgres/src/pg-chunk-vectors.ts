import os from 'node:os';
import type { VectorSpace } from '@sift/core';
import type { PgQueryable } from './pg-database.js';

// Vectors are stored as the raw bytes of a Float32Array, which are in the platform's byte order; the schema
// promises little-endian (as SQLite's does, so vectors copy across byte for byte).
if (os.endianness() !== 'LE') throw new Error('Sift stores vectors as little-endian float32');

/** Why `vector` cannot be stored in a space of `dimensions`, or null when it can. */
export function vectorProblem(vector: Float32Array, dimensions: number): string | null {
  if (vector.length !== dimensions) return `has ${vector.length} dimensions, the space ${dimensions}`;
  for (let i = 0; i < vector.length; i += 1) {
    if (!Number.isFinite(vector[i])) return `holds a non-finite value at ${i}`;
  }
  return null;
}

/**
 * The stored form of a vector: L2-normalised float32 bytes, so a dot product is the cosine similarity whatever
 * scale the embedder produced. A zero vector stays zero (similar to nothing).
 */
export function encodeVector(vector: Float32Array): Buffer {
  const out = new Float32Array(vector.length);
  let sum = 0;
  for (let i = 0; i < vector.length; i += 1) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  const scale = norm > 0 ? 1 / norm : 0;
  for (let i = 0; i < vector.length; i += 1) out[i] = vector[i]! * scale;
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Creates the space on first use, or checks that it has the dimensions the caller thinks. Returns why the
 * space refuses them, or null. Runs inside the caller's transaction; the space's row stays locked until it
 * commits (its version counter is rewritten by every vector write anyway, see migration 001).
 */
export async function ensureSpace(
  client: PgQueryable,
  space: VectorSpace,
  now: number,
): Promise<string | null> {
  if (!Number.isInteger(space.dimensions) || space.dimensions <= 0) {
    return `vector space ${space.id} cannot have ${space.dimensions} dimensions`;
  }
  await client.query(
    `INSERT INTO vector_spaces (id, dimensions, created_at, updated_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (id) DO NOTHING`,
    [space.id, space.dimensions, now],
  );
  const { rows } = await client.query<{ dimensions: number }>(
    `UPDATE vector_spaces SET updated_at = $2 WHERE id = $1 RETURNING dimensions`,
    [space.id, now],
  );
  const dimensions = rows[0]?.dimensions;
  if (dimensions !== space.dimensions) {
    return `vector space ${space.id} has ${dimensions} dimensions, not ${space.dimensions}`;
  }
  return null;
}

/** Writes (or replaces) the vectors of these chunks (by `seq`) in one space: one statement for all. */
export async function upsertVectors(
  client: PgQueryable,
  spaceId: string,
  chunkSeqs: readonly number[],
  vectors: readonly Buffer[],
): Promise<void> {
  if (chunkSeqs.length === 0) return;
  await client.query(
    `INSERT INTO chunk_vectors (space, chunk_seq, vector)
     SELECT $1, seq, vector FROM unnest($2::bigint[], $3::bytea[]) AS v (seq, vector)
     ON CONFLICT (space, chunk_seq) DO UPDATE SET vector = excluded.vector`,
    [spaceId, chunkSeqs, vectors],
  );
}
