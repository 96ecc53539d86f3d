import { expect, it } from 'vitest';
import { indexDocument, saveChunks, type LexicalFixture } from './lexical-index.fixture.js';

const MARK = { open: '<b>', close: '</b>', maxChars: 200 };
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * The batch reads a page of search hits is hydrated with (`documents.getMany`, `documents.getChunks`,
 * `index.snippets`): each answers what the one-at-a-time read answers, for many ids in one call.
 */
export function batchReadCases(f: LexicalFixture): void {
  it('getMany returns the documents in the order asked, each once, leaving out ids that do not exist', async () => {
    const a = await indexDocument(f, ['Alpha text.'], { title: 'Alpha' });
    const b = await indexDocument(f, ['Beta text.'], { title: 'Beta' });
    const c = await indexDocument(f, ['Gamma text.'], { title: 'Gamma' });
    const found = await f.store.documents.getMany([c.doc.id, UNKNOWN, a.doc.id, c.doc.id, b.doc.id]);
    expect(found.map((d) => d.id)).toEqual([c.doc.id, a.doc.id, b.doc.id]);
    // Each record is the one `get` returns.
    expect(found[1]).toEqual(await f.store.documents.get(a.doc.id));
    expect(await f.store.documents.getMany([])).toEqual([]);
    expect(await f.store.documents.getMany([UNKNOWN])).toEqual([]);
  });

  it('getChunks returns chunks of several documents in the order asked; replaced and deleted ones are gone', async () => {
    const a = await indexDocument(f, ['First chunk of a. ', 'Second chunk of a.']);
    const b = await indexDocument(f, ['Only chunk of b.']);
    const gone = await indexDocument(f, ['This document is deleted.']);
    const ids = [b.chunkIds[0]!, a.chunkIds[1]!, gone.chunkIds[0]!, a.chunkIds[0]!];
    await f.store.documents.delete(gone.doc.id);

    const found = await f.store.documents.getChunks([...ids, b.chunkIds[0]!, UNKNOWN]);
    expect(found.map((c) => c.id)).toEqual([b.chunkIds[0], a.chunkIds[1], a.chunkIds[0]]);
    expect(found[1]).toEqual(await f.store.documents.getChunk(a.chunkIds[1]!));
    expect(found[1]).toMatchObject({ documentId: a.doc.id, content: 'Second chunk of a.' });

    // Reprocessing replaces a document's chunks: the old ids no longer resolve, the new ones do.
    const replaced = await saveChunks(f, b.doc.id, ['New content of b.']);
    expect(await f.store.documents.getChunks(b.chunkIds)).toEqual([]);
    expect((await f.store.documents.getChunks(replaced.chunkIds)).map((c) => c.content)).toEqual([
      'New content of b.',
    ]);
    expect(await f.store.documents.getChunks([])).toEqual([]);
  });

  it('reads a thousand ids in one call', async () => {
    const doc = await indexDocument(f, ['Needle in a haystack.']);
    const ids = Array.from({ length: 1000 }, (_, i) => `missing-${i}`);
    ids.splice(500, 0, doc.chunkIds[0]!);
    expect((await f.store.documents.getChunks(ids)).map((c) => c.id)).toEqual(doc.chunkIds);
    expect((await f.store.documents.getMany([...ids, doc.doc.id])).map((d) => d.id)).toEqual([doc.doc.id]);
    expect([...(await f.index.snippets(ids, 'needle', MARK)).keys()]).toEqual(doc.chunkIds);
  });

  it('snippets equal snippet of each chunk, in its own language; chunks that do not exist are absent', async () => {
    const english = await indexDocument(f, ['The runner runs; running shoes help.', 'Nothing here matches.']);
    const german = await indexDocument(f, ['Die Läufer laufen und rennen.'], { language: 'de' });
    const ids = [...english.chunkIds, german.chunkIds[0]!, UNKNOWN];
    for (const query of ['running', 'laufen', 'running laufen']) {
      const snippets = await f.index.snippets(ids, query, MARK);
      expect([...snippets.keys()].sort(), query).toEqual(ids.slice(0, 3).sort());
      for (const id of ids.slice(0, 3)) {
        expect(snippets.get(id), `${query} ${id}`).toBe(await f.index.snippet(id, query, MARK));
      }
    }
    const marked = await f.index.snippets(english.chunkIds, 'running', MARK);
    expect(marked.get(english.chunkIds[0]!)).toBe('The runner <b>runs</b>; <b>running</b> shoes help.');
    expect(marked.get(english.chunkIds[1]!)).toBe('Nothing here matches.');
    expect((await f.index.snippets([], 'running', MARK)).size).toBe(0);
  });

  it('snippets refuses a maxChars below 1 as snippet does', async () => {
    const { chunkIds } = await indexDocument(f, ['Some words.']);
    await expect(f.index.snippets(chunkIds, 'words', { ...MARK, maxChars: 0 })).rejects.toMatchObject({
      code: 'SEARCH_OPTIONS_INVALID',
      category: 'user',
    });
  });
}
