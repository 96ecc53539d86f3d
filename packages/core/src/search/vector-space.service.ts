import { AppError } from '../errors.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { EventBus } from '../ports/event-bus.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import { embeddingText } from './embedding-text.js';
import type { VectorSpace } from './search.types.js';

/** A vector space with the embedder that embeds queries for it. */
export interface ServingSpace {
  space: VectorSpace;
  model: string;
  embedder: Embedder;
}

/** What a re-embedding run did. */
export interface ReembedResult {
  embedded: number;
  /** True when the target space became the serving one (and the old one was dropped). */
  switched: boolean;
  from: string | null;
  to: string;
}

export interface VectorSpaceDeps {
  metadata: MetadataStore;
  vectors: VectorIndex;
  /** The configured embedder: new documents and re-embedding write its space; null: no vectors at all. */
  embedder: Embedder | null;
  /**
   * An embedder for another model's queries while that model's space still serves (blue/green), or null when
   * this process cannot run it (a remote service no longer configured): semantic search then pauses until the
   * new space is complete, and lexical search goes on.
   */
  embedderFor?: (model: string) => Embedder | null;
  events?: EventBus;
  logger?: Logger;
}

/** `use-lite@512` → `use-lite`. */
export function modelOfSpace(spaceId: string): string {
  const at = spaceId.lastIndexOf('@');
  return at > 0 ? spaceId.slice(0, at) : spaceId;
}

/**
 * Which vector space serves searches and which one new vectors go to. Normally both are the configured
 * embedder's. After a model change they differ: ingestion writes the new (target) space, a maintenance task
 * re-embeds every chunk into it (unchanged texts come from the embedding cache), and only when no chunk is
 * missing does the target become the serving space and the old one get dropped. Until then searches keep
 * reading the old space.
 */
export class VectorSpaceService {
  private readonly logger: Logger;
  private readonly others = new Map<string, Embedder | null>();

  constructor(private readonly deps: VectorSpaceDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** The configured embedder's space: where new vectors go. */
  async target(): Promise<{ space: VectorSpace; model: string }> {
    const info = await this.embedder().info();
    return {
      space: { id: `${info.model}@${info.dimensions}`, dimensions: info.dimensions },
      model: info.model,
    };
  }

  /** The space searches read, with an embedder for queries; null when there is none or it cannot be queried. */
  async serving(): Promise<ServingSpace | null> {
    const space = await this.deps.metadata.search.servingSpace();
    if (!space || !this.deps.embedder) return null;
    const target = await this.target();
    if (space.id === target.space.id) return { space, model: target.model, embedder: this.deps.embedder };
    const model = modelOfSpace(space.id);
    if (!this.others.has(model)) this.others.set(model, this.deps.embedderFor?.(model) ?? null);
    const embedder = this.others.get(model);
    return embedder ? { space, model, embedder } : null;
  }

  /**
   * Called at start: a fresh install serves the configured space at once. Returns whether the configured space
   * differs from the serving one, that is whether a re-embedding must run.
   */
  async ensure(): Promise<{ reembedNeeded: boolean; serving: string; target: string }> {
    const target = await this.target();
    const serving = await this.deps.metadata.search.servingSpace();
    if (!serving) {
      await this.deps.metadata.search.setServingSpace(target.space);
      return { reembedNeeded: false, serving: target.space.id, target: target.space.id };
    }
    return { reembedNeeded: serving.id !== target.space.id, serving: serving.id, target: target.space.id };
  }

  /**
   * Embeds every chunk that has no vector in the target space, in batches, then switches the serving space to
   * it and drops the old one. Idempotent and resumable: a re-delivered task continues where the last stopped.
   */
  async reembed(
    options: {
      batchSize?: number;
      signal?: AbortSignal;
      onProgress?: (done: number, total: number) => void;
    } = {},
  ): Promise<ReembedResult> {
    const { metadata, vectors } = this.deps;
    const embedder = this.embedder();
    const target = await this.target();
    const batchSize = options.batchSize ?? 64;
    const total = await metadata.search.countChunksMissingVectors(target.space.id);
    let embedded = 0;
    let previousFirst: string | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      const batch = await metadata.search.chunksMissingVectors(target.space.id, batchSize);
      if (batch.length === 0) break;
      // The same page twice means the vectors were not stored: stop instead of embedding it forever.
      if (batch[0]!.chunkId === previousFirst) {
        throw new AppError(
          'REEMBED_STALLED',
          'system',
          `vectors for ${target.space.id} are not being stored`,
          {
            details: { space: target.space.id, chunkId: previousFirst },
          },
        );
      }
      previousFirst = batch[0]!.chunkId;
      const vectorsOut = await embedder.embed(batch.map(embeddingText), {
        kind: 'passage',
        ...(options.signal ? { signal: options.signal } : {}),
      });
      await vectors.upsert(
        target.space,
        batch.map((chunk, i) => ({ chunkId: chunk.chunkId, vector: vectorsOut[i]! })),
      );
      embedded += batch.length;
      options.onProgress?.(embedded, Math.max(total, embedded));
      // A chunk deleted meanwhile is skipped by upsert; it is also gone from the next page, so this ends.
    }
    const old = await metadata.search.servingSpace();
    if (old?.id === target.space.id) return { embedded, switched: false, from: old.id, to: target.space.id };
    await metadata.search.setServingSpace(target.space);
    if (old) await vectors.dropSpace(old);
    this.others.clear();
    this.deps.events?.publish({ type: 'search.space_switched', from: old?.id ?? null, to: target.space.id });
    this.logger.info({ from: old?.id ?? null, to: target.space.id, embedded }, 'vector space switched');
    return { embedded, switched: true, from: old?.id ?? null, to: target.space.id };
  }

  /** Whether vectors are configured at all. */
  get enabled(): boolean {
    return this.deps.embedder !== null;
  }

  private embedder(): Embedder {
    if (!this.deps.embedder) {
      throw new AppError('EMBEDDER_DISABLED', 'user', 'no embedder is configured (SIFT_EMBEDDER=none)');
    }
    return this.deps.embedder;
  }
}
