import { describe, expect, it } from 'vitest';
import type { ChunkRecord, DocumentRecord } from '../ingest/document.types.js';
import type { LexicalIndex } from '../ports/lexical-index.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { FusedHit } from './fusion.js';
import { hydrateHits } from './search-hit.js';

const SNIPPET = { open: '[', close: ']', maxChars: 12 };

function chunk(id: string, documentId: string, content: string): ChunkRecord {
  return {
    id,
    documentId,
    index: 0,
    content,
    startChar: 0,
    endChar: content.length,
    pageFrom: 1,
    pageTo: 1,
    headingPath: ['Intro'],
    timeStartMs: null,
    timeEndMs: null,
    tokenCount: 3,
    confidence: null,
    origin: null,
    contentSha256: 'sha',
  };
}

function doc(id: string): DocumentRecord {
  return {
    id,
    title: `Title ${id}`,
    filename: `${id}.pdf`,
    contentType: 'application/pdf',
  } as DocumentRecord;
}

function hit(chunkId: string, documentId: string, score: number): FusedHit {
  return { chunkId, documentId, score, lexical: { score: score * 10, rank: 1 }, vector: null };
}

/**
 * Stores holding `chunks` and `docs` that answer only the batch reads and record each call; the reads of one
 * record at a time throw, so a hydration that falls back to them fails the test.
 */
function recordingStores(chunks: ChunkRecord[], docs: DocumentRecord[], snippets: Record<string, string>) {
  const calls: { method: string; ids: readonly string[] }[] = [];
  const one = () => {
    throw new Error('hydration must read a page at once, not one record at a time');
  };
  const metadata = {
    documents: {
      getChunks: async (ids: readonly string[]) => {
        calls.push({ method: 'getChunks', ids });
        return chunks.filter((c) => ids.includes(c.id));
      },
      getMany: async (ids: readonly string[]) => {
        calls.push({ method: 'getMany', ids });
        return docs.filter((d) => ids.includes(d.id));
      },
      getChunk: one,
      get: one,
    },
  } as unknown as MetadataStore;
  const lexical = {
    snippets: async (ids: readonly string[], query: string) => {
      calls.push({ method: `snippets:${query}`, ids });
      return new Map(Object.entries(snippets).filter(([id]) => ids.includes(id)));
    },
    snippet: one,
  } as unknown as LexicalIndex;
  return { deps: { metadata, lexical }, calls };
}

describe('hydrateHits', () => {
  it('reads a whole page with one call per kind and keeps the order of the hits', async () => {
    const { deps, calls } = recordingStores(
      [chunk('c1', 'd1', 'first chunk text'), chunk('c2', 'd2', 'second'), chunk('c3', 'd1', 'third')],
      [doc('d1'), doc('d2')],
      { c1: '[first]', c2: '[second]', c3: '[third]' },
    );
    const hits = [hit('c3', 'd1', 0.9), hit('c1', 'd1', 0.5), hit('c2', 'd2', 0.4)];
    const out = await hydrateHits(deps, hits, 'query', {
      snippet: SNIPPET,
      rerankScores: new Map([['c1', 0.7]]),
    });

    expect(out.map((h) => h.chunkId)).toEqual(['c3', 'c1', 'c2']);
    expect(calls).toEqual([
      { method: 'getChunks', ids: ['c3', 'c1', 'c2'] },
      // Two hits of one document: it is read once.
      { method: 'getMany', ids: ['d1', 'd2'] },
      { method: 'snippets:query', ids: ['c3', 'c1', 'c2'] },
    ]);
    expect(out[1]).toEqual({
      chunkId: 'c1',
      documentId: 'd1',
      title: 'Title d1',
      filename: 'd1.pdf',
      contentType: 'application/pdf',
      pageFrom: 1,
      pageTo: 1,
      headingPath: ['Intro'],
      origin: null,
      startChar: 0,
      endChar: 16,
      content: 'first chunk text',
      snippet: '[first]',
      scores: { lexical: 5, vector: null, fused: 0.5, rerank: 0.7 },
    });
  });

  it('leaves out hits whose chunk or document is gone since the index read', async () => {
    const { deps } = recordingStores(
      [chunk('c1', 'd1', 'kept'), chunk('c2', 'gone-doc', 'orphan')],
      [doc('d1')],
      { c1: '[kept]' },
    );
    const hits = [hit('gone-chunk', 'd1', 0.9), hit('c1', 'd1', 0.8), hit('c2', 'gone-doc', 0.7)];
    const out = await hydrateHits(deps, hits, 'q', { snippet: SNIPPET, rerankScores: new Map() });
    expect(out.map((h) => h.chunkId)).toEqual(['c1']);
  });

  it('falls back to the start of the chunk when the index has no snippet for it', async () => {
    const { deps } = recordingStores([chunk('c1', 'd1', 'a chunk longer than twelve')], [doc('d1')], {});
    const [only] = await hydrateHits(deps, [hit('c1', 'd1', 1)], 'q', {
      snippet: SNIPPET,
      rerankScores: new Map(),
    });
    expect(only!.snippet).toBe('a chunk long');
  });

  it('reads nothing for an empty page', async () => {
    const { deps, calls } = recordingStores([], [], {});
    expect(await hydrateHits(deps, [], 'q', { snippet: SNIPPET, rerankScores: new Map() })).toEqual([]);
    expect(calls).toEqual([]);
  });
});
