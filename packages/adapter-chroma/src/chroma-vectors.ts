import { AppError, type VectorSpace } from '@sift/core';

/**
 * The query, L2-normalised in float32 exactly as the truth store normalises stored vectors (float64 sum of
 * squares, one scale factor), so a score computed here equals the one the exact index computes.
 */
export function normalise(vector: Float32Array): Float32Array {
  const out = new Float32Array(vector.length);
  let sum = 0;
  for (let i = 0; i < vector.length; i += 1) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  const scale = norm > 0 ? 1 / norm : 0;
  for (let i = 0; i < vector.length; i += 1) out[i] = vector[i]! * scale;
  return out;
}

/**
 * Why the port refuses a query for `space`: `VECTOR_DIMENSION_MISMATCH` for a wrong length, `VECTOR_INVALID`
 * for NaN or infinite values (user, not retryable, the codes every VectorIndex throws); null when it is fine.
 */
export function queryError(space: VectorSpace, vector: Float32Array): AppError | null {
  if (vector.length !== space.dimensions) {
    return dimensionMismatch(
      space,
      `a vector has ${vector.length} dimensions, the space ${space.dimensions}`,
    );
  }
  for (let i = 0; i < vector.length; i += 1) {
    if (!Number.isFinite(vector[i])) {
      const reason = `a vector holds a non-finite value at ${i}`;
      return new AppError('VECTOR_INVALID', 'user', `vector space ${space.id}: ${reason}`, {
        retryable: false,
        details: { space: space.id, reason },
      });
    }
  }
  return null;
}

export function dimensionMismatch(space: VectorSpace, reason: string): AppError {
  return new AppError('VECTOR_DIMENSION_MISMATCH', 'user', `vector space ${space.id}: ${reason}`, {
    retryable: false,
    details: { space: space.id, dimensions: space.dimensions, reason },
  });
}
