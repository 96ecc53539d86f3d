import {
  DEFAULT_CHUNKING,
  LOCAL_USER_ID,
  SearchService,
  SimilarDocumentsService,
  VectorSpaceService,
} from '@sift/core';
import { FakeEmbedder } from '@sift/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { searchFixture, type SearchFixture } from './search-test-support.js';

describe('vector spaces (blue/green) and similar documents on SQLite', () => {
  let f: SearchFixture;
  afterEach(async () => f.close());

  it('re-embeds into a new model’s space while searches read the old one, then switches', async () => {
    const oldModel = new FakeEmbedder({ model: 'fake-a', dimensions: 8 });
    f = await searchFixture(oldModel);
    const collection = await f.stores.metadata.collections.create({
      ownerId: LOCAL_USER_ID,
      name: 'c',
      settings: { chunking: DEFAULT_CHUNKING, ocrLanguages: [] },
    });
    await f.addDocument('a.txt', 'A', ['first chunk about owls', 'second chunk about bats'], {
      collectionId: collection.id,
    });
    await f.addDocument('b.txt', 'B', ['third chunk about cats']);
    expect(await f.stores.metadata.search.servingSpace()).toEqual({ id: 'fake-a@8', dimensions: 8 });

    // The process restarts with another model configured.
    const newModel = new FakeEmbedder({ model: 'fake-b', dimensions: 16 });
    const spaces = new VectorSpaceService({
      metadata: f.stores.metadata,
      vectors: f.stores.vectors,
      embedder: newModel,
      embedderFor: (model) => (model === 'fake-a' ? oldModel : null),
    });
    expect(await spaces.ensure()).toEqual({ reembedNeeded: true, serving: 'fake-a@8', target: 'fake-b@16' });
    const search = new SearchService({ ...f.stores, spaces });
    const before = await search.search({ query: 'owls', mode: 'semantic', filter: {}, limit: 5 });
    expect(before.hits).toHaveLength(3);
    expect(before.warnings).toEqual([]);

    const progress: number[] = [];
    const result = await spaces.reembed({ batchSize: 2, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ embedded: 3, switched: true, from: 'fake-a@8', to: 'fake-b@16' });
    expect(progress).toEqual([2, 3]);
    expect(await f.stores.metadata.search.servingSpace()).toEqual({ id: 'fake-b@16', dimensions: 16 });
    expect(await f.stores.vectors.count({ id: 'fake-a@8', dimensions: 8 })).toBe(0);
    expect(await f.stores.vectors.count({ id: 'fake-b@16', dimensions: 16 })).toBe(3);
    expect(await f.stores.metadata.collections.get(collection.id)).toMatchObject({
      embeddingModel: 'fake-b',
      embeddingDim: 16,
    });
    // A collection created from now on is recorded as served by the new space too.
    const later = await f.stores.metadata.collections.create({
      ownerId: LOCAL_USER_ID,
      name: 'later',
      settings: { chunking: DEFAULT_CHUNKING, ocrLanguages: [] },
    });
    expect(later).toMatchObject({ embeddingModel: 'fake-b', embeddingDim: 16 });
    const after = await search.search({ query: 'owls', mode: 'semantic', filter: {}, limit: 5 });
    expect(after.hits.every((h) => h.scores.vector !== null)).toBe(true);
    expect(newModel.calls.some((c) => c.kind === 'query')).toBe(true);
    // Nothing left to do: a re-delivered task embeds nothing.
    expect(await spaces.reembed()).toMatchObject({ embedded: 0, switched: false });
  });

  it('answers lexically with a warning while the old space cannot be queried', async () => {
    f = await searchFixture(new FakeEmbedder({ model: 'remote-a', dimensions: 8 }));
    await f.addDocument('a.txt', 'A', ['owls hunt at night']);
    const spaces = new VectorSpaceService({
      metadata: f.stores.metadata,
      vectors: f.stores.vectors,
      embedder: new FakeEmbedder({ model: 'fake-b', dimensions: 8 }),
    });
    const search = new SearchService({ ...f.stores, spaces });
    const response = await search.search({ query: 'owls', mode: 'hybrid', filter: {}, limit: 5 });
    expect(response.hits).toHaveLength(1);
    expect(response.hits[0]!.scores.vector).toBeNull();
    expect(response.warnings[0]).toContain('semantic index is unavailable');
  });

  it('finds similar documents by their mean chunk vector, excluding the source', async () => {
    f = await searchFixture(new FakeEmbedder({ dimensions: 32 }));
    const source = await f.addDocument('s.txt', 'Same', ['identical text one', 'identical text two']);
    const twin = await f.addDocument('t.txt', 'Same', ['identical text one', 'identical text two']);
    const other = await f.addDocument('o.txt', 'Other', ['completely different words']);
    const similar = new SimilarDocumentsService({ ...f.stores, spaces: f.spaces });
    const { documents } = await similar.similar(source, { limit: 5 });
    expect(documents.map((d) => d.documentId)).toEqual([twin, other]);
    expect(documents[0]!.score).toBeGreaterThan(documents[1]!.score);
    const limited = await similar.similar(source, { limit: 5, filter: { excludeDocumentIds: [twin] } });
    expect(limited.documents.map((d) => d.documentId)).toEqual([other]);
    await expect(similar.similar('nope', { limit: 5 })).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
  });
});
