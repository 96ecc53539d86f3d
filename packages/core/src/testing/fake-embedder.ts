import { createHash } from 'node:crypto';
import type { Embedder, EmbedderInfo, EmbeddingKind } from '../ports/embedder.port.js';

/** Options of {@link FakeEmbedder}. */
export interface FakeEmbedderOptions {
  model?: string;
  dimensions?: number;
  /** Each embed call waits this long, so tests can see calls overlap. */
  delayMs?: number;
}

/**
 * A deterministic {@link Embedder} for small tests: each (kind, text) maps to a fixed unit vector derived from
 * its sha256, so equal inputs give equal vectors and different ones (almost surely) different vectors. It
 * records every call and the most calls it had in flight at once.
 */
export class FakeEmbedder implements Embedder {
  readonly calls: { texts: string[]; kind: EmbeddingKind }[] = [];
  maxInFlight = 0;
  closed = false;
  private inFlight = 0;
  private readonly identity: EmbedderInfo;

  constructor(private readonly options: FakeEmbedderOptions = {}) {
    this.identity = { model: options.model ?? 'fake', dimensions: options.dimensions ?? 8 };
  }

  /** Texts embedded so far, over all calls. */
  get embeddedTexts(): number {
    return this.calls.reduce((sum, call) => sum + call.texts.length, 0);
  }

  async info(): Promise<EmbedderInfo> {
    return this.identity;
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    this.calls.push({ texts: [...texts], kind: options.kind });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
      return texts.map((text) => this.vectorFor(text, options.kind));
    } finally {
      this.inFlight--;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The vector this embedder gives a text, computed without recording a call. */
  vectorFor(text: string, kind: EmbeddingKind): Float32Array {
    const { dimensions, model } = this.identity;
    const vector = new Float32Array(dimensions);
    let block = Buffer.alloc(0);
    for (let i = 0; i < dimensions; i++) {
      if (i % 8 === 0) block = createHash('sha256').update(`${model}\0${kind}\0${text}\0${i}`).digest();
      vector[i] = block.readInt32LE((i % 8) * 4) / 2 ** 31;
    }
    const norm = Math.hypot(...vector);
    return vector.map((v) => v / norm);
  }
}
