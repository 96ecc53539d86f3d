// Deterministic synthetic data for the search latency bench: chunk text with a Zipf word distribution,
// 512-dimensional chunk vectors that cluster by topic, and an Embedder that puts each bench query next to the
// vector of the chunk it was taken from. Not a bench itself.
//
// The text comes from lexical-corpus.ts (zipfWords).
import { createHash } from 'node:crypto';
import type { Embedder, EmbedderInfo, EmbeddingKind, VectorSpace } from '@sift/core';

const DIMENSIONS = 512;
export const CHUNKS_PER_DOCUMENT = 10;
const TOPICS = 1024;
/** Query = chunk + noise × this: cosine ~0.89 with its chunk, ~0.45 with the chunk's topic. */
const QUERY_NOISE = 0.5;

/** mulberry32: a seeded stream of numbers in [0, 1), the same for the same seed on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `into` + weight × a seeded random unit vector, in place. */
function addNoise(into: Float32Array, seed: number, weight: number): Float32Array {
  const next = random(seed);
  const noise = new Float32Array(into.length);
  let norm = 0;
  for (let i = 0; i < noise.length; i++) {
    noise[i] = next() * 2 - 1;
    norm += noise[i]! * noise[i]!;
  }
  const scale = weight / Math.sqrt(norm);
  for (let i = 0; i < into.length; i++) into[i]! += noise[i]! * scale;
  return into;
}

/** Scales `v` to unit length, in place. */
function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i]! *= scale;
  return v;
}

/**
 * The vector of chunk `ordinal` (0-based, in insertion order): its document's topic plus the chunk's own noise,
 * both unit vectors, normalised. Chunks of one topic then have a cosine of ~0.5 and others ~0, as embeddings of
 * related passages cluster; random unit vectors alone would have no neighbourhoods at all.
 */
export function chunkVectors(): (ordinal: number) => Float32Array {
  const topics = Array.from({ length: TOPICS }, (_, t) =>
    addNoise(new Float32Array(DIMENSIONS), 0x7000_0000 + t, 1),
  );
  return (ordinal) => {
    const document = Math.floor(ordinal / CHUNKS_PER_DOCUMENT);
    // Topics by a multiplicative hash (top 10 bits), so neighbouring documents do not share one.
    const topic = topics[Math.imul(document, 0x9e3779b1) >>> 22]!;
    return normalise(addNoise(new Float32Array(topic), ordinal + 1, 1));
  };
}

export const BENCH_EMBEDDER: EmbedderInfo = { model: 'bench-synthetic', dimensions: DIMENSIONS };
export const BENCH_SPACE: VectorSpace = {
  id: `${BENCH_EMBEDDER.model}@${DIMENSIONS}`,
  dimensions: DIMENSIONS,
};

function textSeed(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

/**
 * An Embedder for the bench: a query registered with {@link aim} becomes its target vector plus seeded noise,
 * so semantic search has a true nearest chunk (and that chunk's topic as near neighbours); any other text
 * becomes a seeded random unit vector, unrelated to every stored chunk.
 */
export class NearChunkEmbedder implements Embedder {
  private readonly targets = new Map<string, Float32Array>();

  /** From now on `query` embeds close to `target`. */
  aim(query: string, target: Float32Array): void {
    this.targets.set(query, target);
  }

  async info(): Promise<EmbedderInfo> {
    return BENCH_EMBEDDER;
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    return texts.map((text) => {
      const target = options.kind === 'query' ? this.targets.get(text) : undefined;
      const seed = textSeed(`${options.kind}\0${text}`);
      return normalise(
        target
          ? addNoise(new Float32Array(target), seed, QUERY_NOISE)
          : addNoise(new Float32Array(DIMENSIONS), seed, 1),
      );
    });
  }

  async close(): Promise<void> {}
}
