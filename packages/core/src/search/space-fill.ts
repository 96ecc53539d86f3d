import { AppError } from '../errors.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import { embeddingText } from './embedding-text.js';
import type { VectorSpace } from './search.types.js';

/**
 * Embeds every chunk that has no vector in `space`, in batches, oldest first; returns how many were embedded.
 * Resumable: a second run continues with what is still missing.
 */
export async function fillSpace(
  deps: { metadata: MetadataStore; vectors: VectorIndex },
  embedder: Embedder,
  space: VectorSpace,
  options: { batchSize?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<number> {
  const { metadata, vectors } = deps;
  const batchSize = options.batchSize ?? 64;
  const total = await metadata.search.countChunksMissingVectors(space.id);
  let embedded = 0;
  let previousFirst: string | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await metadata.search.chunksMissingVectors(space.id, batchSize);
    if (batch.length === 0) break;
    // The same page twice means the vectors were not stored: stop instead of embedding it forever.
    if (batch[0]!.chunkId === previousFirst) {
      throw new AppError('REEMBED_STALLED', 'system', `vectors for ${space.id} are not being stored`, {
        details: { space: space.id, chunkId: previousFirst },
      });
    }
    previousFirst = batch[0]!.chunkId;
    const vectorsOut = await embedder.embed(batch.map(embeddingText), {
      kind: 'passage',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await vectors.upsert(
      space,
      batch.map((chunk, i) => ({ chunkId: chunk.chunkId, vector: vectorsOut[i]! })),
    );
    embedded += batch.length;
    options.onProgress?.(embedded, Math.max(total, embedded));
    // A chunk deleted meanwhile is skipped by upsert; it is also gone from the next page, so this ends.
  }
  return embedded;
}
