import type { Embedder } from '../ports/embedder.port.js';
import type { LexicalIndex } from '../ports/lexical-index.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import { judgeSwap, type SwapSampleAnswer } from './swap-judgement.js';
import type { IndexHit, VectorSpace } from './search.types.js';
import type { SwapMetrics } from './vector-space.types.js';

/** A space with the embedder of its queries. */
export interface SwapSide {
  space: VectorSpace;
  embedder: Embedder;
}

/** How much the check looks at: small enough to take seconds on a large install, large enough to see a pattern. */
export const SWAP_SAMPLE = {
  /** Distinct recent searches (the query log), newest first. */
  recentQueries: 24,
  /** Probes: the first words of stored chunks, spread over the corpus; they also cover an install with no log. */
  probes: 12,
  probeWords: 12,
  /** Recent log entries read to find that many distinct queries. */
  logWindow: 500,
  k: 10,
} as const;

/**
 * Runs a sample of queries against the new space, the old one (when its model can still embed queries here)
 * and the lexical index, and judges whether the new space behaves like a working model (swap-judgement.ts).
 * Searches are unfiltered: the check looks at the whole corpus and its answers are shown to no one.
 */
export async function validateSwap(
  deps: { metadata: MetadataStore; vectors: VectorIndex; lexical: LexicalIndex | null },
  sides: { old: SwapSide | null; target: SwapSide },
  options: { signal?: AbortSignal } = {},
): Promise<{ reasons: string[]; metrics: SwapMetrics }> {
  const { metadata, vectors, lexical } = deps;
  const k = SWAP_SAMPLE.k;
  const recent = await recentQueries(metadata);
  const chunks = await metadata.search.sampleChunks(SWAP_SAMPLE.probes);
  const probes = chunks
    .map((c) => ({ query: firstWords(c.content, SWAP_SAMPLE.probeWords), sourceDocumentId: c.documentId }))
    .filter((p) => p.query.split(' ').length >= 3);
  const queries: { query: string; sourceDocumentId?: string }[] = [
    ...recent.map((query) => ({ query })),
    ...probes,
  ];
  const texts = queries.map((q) => q.query);
  const signal = options.signal ? { signal: options.signal } : {};
  const newVectors = texts.length
    ? await sides.target.embedder.embed(texts, { kind: 'query', ...signal })
    : [];
  const oldVectors =
    sides.old && texts.length ? await sides.old.embedder.embed(texts, { kind: 'query', ...signal }) : null;
  const samples: SwapSampleAnswer[] = [];
  for (const [i, q] of queries.entries()) {
    options.signal?.throwIfAborted();
    const [newHits, oldHits, lexicalHits] = await Promise.all([
      vectors.search(sides.target.space, newVectors[i]!, { filter: {}, limit: 3 * k }),
      sides.old && oldVectors
        ? vectors.search(sides.old.space, oldVectors[i]!, { filter: {}, limit: 3 * k })
        : null,
      lexical ? lexical.search(q.query, { filter: {}, limit: 3 * k }) : ([] as IndexHit[]),
    ]);
    samples.push({
      ...q,
      newDocs: topDocuments(newHits, k),
      oldDocs: oldHits ? topDocuments(oldHits, k) : null,
      lexicalDocs: topDocuments(lexicalHits, k),
    });
  }
  const stored = await Promise.all(chunks.map((c) => vectors.get(sides.target.space, c.chunkId)));
  return judgeSwap({
    samples,
    queryVectors: newVectors,
    storedVectors: stored.filter((v): v is Float32Array => v !== null),
    documents: await metadata.search.countDocumentsWithChunks(),
    k,
  });
}

/** Distinct recent query texts, newest first (case and spacing ignored). */
async function recentQueries(metadata: MetadataStore): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of await metadata.search.listQueries({ limit: SWAP_SAMPLE.logWindow })) {
    const text = entry.query.trim().replace(/\s+/gu, ' ');
    const key = text.toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length === SWAP_SAMPLE.recentQueries) break;
  }
  return out;
}

/** The first `n` words of a chunk, markup and punctuation runs squeezed out, as a user might type them. */
function firstWords(text: string, n: number): string {
  return text
    .replace(/[#*_>`|[\](){}]+/gu, ' ')
    .split(/\s+/u)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, n)
    .join(' ');
}

function topDocuments(hits: IndexHit[], k: number): string[] {
  const docs: string[] = [];
  for (const hit of hits) {
    if (!docs.includes(hit.documentId)) docs.push(hit.documentId);
    if (docs.length === k) break;
  }
  return docs;
}
