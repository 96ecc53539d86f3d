import { createHash } from 'node:crypto';
import type { Embedder, EmbedderInfo, EmbeddingKind } from '../ports/embedder.port.js';

/** How a {@link BagOfWordsEmbedder} behaves: `words` works; the others are ways a real model breaks. */
export type BagOfWordsBehaviour = 'words' | 'constant' | 'zero' | 'nan';

/**
 * A deterministic {@link Embedder} whose vectors mean something: the normalised sum of one pseudo-random
 * vector per word (seeded by the model name), so texts sharing words are near each other — two such "models"
 * rank alike, as two working encoders roughly do. `constant` gives every text the same vector (a model that
 * ignores its input); `zero` returns zero vectors and `nan` NaN (a wrong or broken output tensor).
 */
export class BagOfWordsEmbedder implements Embedder {
  private readonly identity: EmbedderInfo;

  constructor(
    private readonly options: {
      model: string;
      dimensions?: number;
      behaviour?: BagOfWordsBehaviour;
      hybridAlpha?: number;
    },
  ) {
    this.identity = {
      model: options.model,
      dimensions: options.dimensions ?? 64,
      ...(options.hybridAlpha !== undefined ? { hybridAlpha: options.hybridAlpha } : {}),
    };
  }

  async info(): Promise<EmbedderInfo> {
    return this.identity;
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    return texts.map((text) => this.vectorFor(text));
  }

  async close(): Promise<void> {}

  private vectorFor(text: string): Float32Array {
    const { dimensions } = this.identity;
    const behaviour = this.options.behaviour ?? 'words';
    if (behaviour === 'nan') return new Float32Array(dimensions).fill(Number.NaN);
    if (behaviour === 'zero') return new Float32Array(dimensions);
    const words = behaviour === 'constant' ? ['same'] : (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    const out = new Float32Array(dimensions);
    for (const word of words) {
      let digest = Buffer.alloc(0);
      for (let i = 0; i < dimensions; i++) {
        if (i % 32 === 0)
          digest = createHash('sha256').update(`${this.identity.model}\0${word}\0${i}`).digest();
        out[i]! += (digest[i % 32]! - 127.5) / 127.5;
      }
    }
    const norm = Math.hypot(...out) || 1;
    return out.map((x) => x / norm);
  }
}
