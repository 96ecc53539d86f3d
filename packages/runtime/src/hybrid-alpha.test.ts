import {
  LOCAL_USER_ID,
  QueryCache,
  SearchService,
  VectorSpaceService,
  embeddingText,
  type SearchResponse,
} from '@sift/core';
import { BagOfWordsEmbedder } from '@sift/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from './stores.js';
import { tempConfig } from './test-support.js';

const TEXTS = [
  'owls hunt mice at night in the forest',
  'night trains cross the forest without stopping',
  'mice store seeds for the winter',
  'an owl pellet holds the bones of mice',
];

describe('the hybrid fusion weight kept with the serving vector space', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(dataDir?: string) {
    const t = dataDir ? null : await tempConfig();
    const config = t?.config ?? (await tempConfig({ SIFT_DATA_DIR: dataDir! })).config;
    const stores = await openStores(config);
    cleanups.push(() => stores.close());
    if (t) cleanups.push(t.cleanup);
    const embedder = new BagOfWordsEmbedder({ model: 'words', hybridAlpha: 0.7 });
    const spaces = new VectorSpaceService({ ...stores, embedder, hybridAlphaPreset: () => 0.2 });
    await spaces.ensure();
    return { dataDir: config.dataDir, stores, spaces, embedder };
  }

  async function addDocuments(stores: Stores, spaces: VectorSpaceService, embedder: BagOfWordsEmbedder) {
    for (const [i, content] of TEXTS.entries()) {
      const doc = await stores.metadata.documents.insert({
        ownerId: LOCAL_USER_ID,
        collectionId: null,
        folderId: null,
        parentDocumentId: null,
        sourceId: null,
        sourcePath: null,
        sourceMtimeMs: null,
        filename: `${i}.txt`,
        originalFilename: `${i}.txt`,
        contentType: 'text/plain',
        category: 'document',
        size: content.length,
        sha256: i.toString(16).padStart(64, '0'),
        status: 'queued',
        metadata: {},
        tags: [],
      });
      const chunk = {
        index: 0,
        content,
        startChar: 0,
        endChar: content.length,
        pageFrom: 1,
        pageTo: 1,
        headingPath: [],
        timeStartMs: null,
        timeEndMs: null,
        tokenCount: 8,
        confidence: null,
        origin: null,
      };
      const { space } = await spaces.target();
      await stores.metadata.documents.saveContent(doc.id, {
        text: { text: content, blocks: [], pages: [], extractor: { name: 'test', version: '1' } },
        chunks: [chunk],
        patch: { status: 'processed', title: `Doc ${i}` },
        vectors: {
          space,
          vectors: await embedder.embed([embeddingText({ ...chunk, title: null })], { kind: 'passage' }),
        },
      });
    }
  }

  const fusedScores = (r: SearchResponse) => r.hits.map((h) => [h.chunkId, h.scores.fused]);

  it('starts from the embedder’s own hint, is used by hybrid search, and survives a restart', async () => {
    const first = await open();
    await addDocuments(first.stores, first.spaces, first.embedder);
    // The embedder's hint wins over the preset table.
    expect(await first.spaces.servingProfile()).toMatchObject({ hybridAlpha: 0.7, alphaSource: 'preset' });
    await first.spaces.setHybridAlpha(0.3, 'tuned', 'tiny/test nDCG@10 1.0000');

    const again = await open(first.dataDir);
    const cache = new QueryCache<SearchResponse>({ ttlMs: 60_000 });
    const search = new SearchService(
      { ...again.stores, spaces: again.spaces, cache },
      { fusion: 'relative' },
    );
    expect(await search.hybridAlpha()).toEqual({ alpha: 0.3, source: 'tuned' });
    const request = { query: 'owls mice night', mode: 'hybrid' as const, filter: {}, limit: 4 };
    const stored = await search.search(request);
    const explicit = await search.search({ ...request, alpha: 0.3 });
    expect(fusedScores(stored)).toEqual(fusedScores(explicit));
    expect(fusedScores(stored)).not.toEqual(fusedScores(await search.search({ ...request, alpha: 0.9 })));

    // A new weight takes effect at once: the answer fused with the old one is not served from the cache.
    await again.spaces.setHybridAlpha(0.6, 'admin');
    const retuned = await search.search(request);
    expect(retuned.cached).toBe(false);
    expect(fusedScores(retuned)).toEqual(fusedScores(await search.search({ ...request, alpha: 0.6 })));
    expect(fusedScores(retuned)).not.toEqual(fusedScores(stored));
  });

  it('yields to SIFT_HYBRID_ALPHA when that is set explicitly', async () => {
    const { stores, spaces, embedder } = await open();
    await addDocuments(stores, spaces, embedder);
    const search = new SearchService({ ...stores, spaces }, { fusion: 'relative', alpha: 0.05 });
    expect(await search.hybridAlpha()).toEqual({ alpha: 0.05, source: 'config' });
    const request = { query: 'owls mice night', mode: 'hybrid' as const, filter: {}, limit: 4 };
    expect(fusedScores(await search.search(request))).toEqual(
      fusedScores(await search.search({ ...request, alpha: 0.05 })),
    );
  });

  it('refuses a weight outside 0…1', async () => {
    const { spaces } = await open();
    await expect(spaces.setHybridAlpha(1.2, 'admin')).rejects.toMatchObject({ code: 'HYBRID_ALPHA_INVALID' });
  });
});
