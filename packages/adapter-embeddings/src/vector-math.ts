/**
 * The vector scaled to unit length (a new Float32Array), so the dot product of two is their cosine
 * similarity. A zero vector stays zero: it has no direction, and dividing by zero would give NaNs.
 */
export function l2Normalize(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values);
  let sum = 0;
  for (const v of out) sum += v * v;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

/** Consecutive slices of at most `size` items, in order. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The text with the prefix an e5/bge/nomic-style model expects for its kind (none when not configured). */
export function withPrefix(text: string, prefix: string | undefined): string {
  return prefix ? `${prefix}${text}` : text;
}
