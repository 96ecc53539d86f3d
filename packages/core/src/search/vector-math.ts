/** Dot product of two vectors of equal length: the cosine similarity when both are L2-normalised. */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

/** Cosine similarity of any two vectors of equal length (0 when either is zero). */
export function cosine(a: Float32Array, b: Float32Array): number {
  const norms = Math.sqrt(dot(a, a) * dot(b, b));
  return norms === 0 ? 0 : dot(a, b) / norms;
}

/** The L2-normalised mean of vectors (a document's vector from its chunks'); null for none. */
export function meanVector(vectors: Float32Array[]): Float32Array | null {
  if (vectors.length === 0) return null;
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < out.length; i += 1) out[i]! += v[i]!;
  const norm = Math.sqrt(dot(out, out));
  if (norm > 0) for (let i = 0; i < out.length; i += 1) out[i]! /= norm;
  return out;
}
