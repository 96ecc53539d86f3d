import { AppError, type VectorSpace } from '@sift/core';
import { vectorProblem } from './pg-chunk-vectors.js';

/**
 * Why the port refuses a vector for `space`: `VECTOR_DIMENSION_MISMATCH` for a wrong length, `VECTOR_INVALID`
 * for NaN or infinite values (both user, not retryable, as the SQLite index throws); null when it is fine.
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

/** A stored vector (bytea of little-endian float32) as a Float32Array of its own. */
export function decodeVector(bytes: Uint8Array): Float32Array {
  const length = bytes.byteLength >>> 2;
  // A copy: driver buffers are slices of a larger one at any offset, and the caller may keep the result.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + length * 4));
}

/** A scored chunk by its never-reused sequence number. */
export interface ScoredSeq {
  seq: number;
  score: number;
}

/**
 * The best `k` of a stream of scored chunks, best first: higher score, then lower seq (the tie-break every
 * search path of Sift uses, so equal vectors come back in the same order every time).
 */
export class TopK {
  private readonly items: ScoredSeq[] = [];

  constructor(private readonly k: number) {}

  offer(seq: number, score: number): void {
    const items = this.items;
    if (items.length === this.k) {
      const worst = items[items.length - 1]!;
      if (!better(score, seq, worst)) return;
      items.pop();
    }
    // Binary search for the insertion point; k is small next to the stream, so most offers stop above.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (better(score, seq, items[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    items.splice(lo, 0, { seq, score });
  }

  result(): ScoredSeq[] {
    return [...this.items];
  }
}

function better(score: number, seq: number, than: ScoredSeq): boolean {
  return score > than.score || (score === than.score && seq < than.seq);
}
