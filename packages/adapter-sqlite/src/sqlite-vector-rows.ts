import os from 'node:os';
import { AppError, type VectorSpace } from '@sift/core';
import type { StatementCache } from './sqlite-statements.js';

// Vectors are stored as the raw bytes of a Float32Array, which is in the platform's byte order; the schema
// promises little-endian, which every platform Node ships prebuilt SQLite bindings for is.
if (os.endianness() !== 'LE') throw new Error('Sift stores vectors as little-endian float32');

/** The statements over `vector_spaces` and `chunk_vectors` that the repository and the index share. */
export const VECTOR_SQL = {
  space: `SELECT dimensions, version, vector_count AS count, created_at AS createdAt FROM vector_spaces
    WHERE id = ?`,
  createSpace: `INSERT INTO vector_spaces (id, dimensions, created_at, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO NOTHING`,
  touchSpace: `UPDATE vector_spaces SET updated_at = ? WHERE id = ?`,
  upsertVector: `INSERT INTO chunk_vectors (space, chunk_seq, vector) VALUES (?, ?, ?)
    ON CONFLICT (space, chunk_seq) DO UPDATE SET vector = excluded.vector`,
} as const;

/** What `vector_spaces` holds about a space. */
export interface SpaceRow {
  dimensions: number;
  /** Bumped by every change to the space's vectors (triggers, migration 003). */
  version: number;
  count: number;
  createdAt: number;
}

/** Why `vector` cannot be stored in a space of `dimensions`, or null when it can. */
export function vectorProblem(vector: Float32Array, dimensions: number): string | null {
  if (vector.length !== dimensions) return `has ${vector.length} dimensions, the space ${dimensions}`;
  for (let i = 0; i < vector.length; i += 1) {
    if (!Number.isFinite(vector[i])) return `holds a non-finite value at ${i}`;
  }
  return null;
}

/**
 * The stored form of a vector: L2-normalised float32 bytes, so a dot product is the cosine similarity the port
 * promises whatever scale the embedder produced. A zero vector stays zero (similar to nothing).
 */
export function encodeVector(vector: Float32Array): Buffer {
  const out = new Float32Array(vector.length);
  const norm = Math.sqrt(dot(vector, vector));
  const scale = norm > 0 ? 1 / norm : 0;
  for (let i = 0; i < vector.length; i += 1) out[i] = vector[i]! * scale;
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** A stored vector as a Float32Array: a view on the BLOB's bytes when they are aligned, else a copy. */
export function viewVector(blob: Uint8Array): Float32Array {
  const length = blob.byteLength >>> 2;
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, length);
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + length * 4));
}

/** Dot product over the shorter length; unrolled by four, which V8 turns into independent additions. */
export function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  const tail = n - (n % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < tail; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (let i = tail; i < n; i += 1) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** The space's row, or null when no vector was ever stored in it. */
export function readSpace(sql: StatementCache, id: string): SpaceRow | null {
  return (sql.get(VECTOR_SQL.space).get(id) as SpaceRow | undefined) ?? null;
}

/**
 * Creates the space on first use, or checks that it has the dimensions the caller thinks. Returns why the
 * space refuses them, or null. Runs inside the caller's write transaction.
 */
export function ensureSpace(sql: StatementCache, space: VectorSpace, now: number): string | null {
  if (!Number.isInteger(space.dimensions) || space.dimensions <= 0) {
    return `vector space ${space.id} cannot have ${space.dimensions} dimensions`;
  }
  sql.get(VECTOR_SQL.createSpace).run(space.id, space.dimensions, now, now);
  const row = readSpace(sql, space.id)!;
  if (row.dimensions !== space.dimensions) {
    return `vector space ${space.id} has ${row.dimensions} dimensions, not ${space.dimensions}`;
  }
  sql.get(VECTOR_SQL.touchSpace).run(now, space.id);
  return null;
}

/**
 * Why the port refuses a vector for `space`: `VECTOR_DIMENSION_MISMATCH` for a wrong length, `VECTOR_INVALID`
 * for NaN or infinite values (both user, not retryable); null when it is fine.
 */
export function vectorError(space: VectorSpace, vector: Float32Array): AppError | null {
  const problem = vectorProblem(vector, space.dimensions);
  if (!problem) return null;
  if (vector.length !== space.dimensions) return dimensionMismatch(space, `a vector ${problem}`);
  return new AppError('VECTOR_INVALID', 'user', `vector space ${space.id}: a vector ${problem}`, {
    retryable: false,
    details: { space: space.id, reason: problem },
  });
}

/** `VECTOR_DIMENSION_MISMATCH`: a vector or space whose dimensions differ from the stored space's. */
export function dimensionMismatch(space: VectorSpace, reason: string): AppError {
  return new AppError('VECTOR_DIMENSION_MISMATCH', 'user', `vector space ${space.id}: ${reason}`, {
    retryable: false,
    details: { space: space.id, dimensions: space.dimensions, reason },
  });
}
