import { expect, it } from 'vitest';
import { indexDocument, searchIds, type LexicalFixture } from './lexical-index.fixture.js';

// Chunks that share none of the test words, so that those words are rare in the index (BM25's idf is about
// the share of chunks holding a word; in a three-chunk index every word would be common).
const FILLER = [
  'Quarterly revenue figures were reviewed by the board.',
  'The library opens at nine on weekdays.',
  'Pack a raincoat and sturdy boots for the hike.',
  'Invoices are archived after seven years.',
];

/** Ranking: rarity, coverage, stemming, diacritics, title and heading weight, scores. */
export function rankingCases(f: LexicalFixture): void {
  it('ranks a chunk holding the rare query word above one holding only the common word', async () => {
    await indexDocument(f, FILLER);
    const tractor = await indexDocument(f, ['The engine of the tractor was serviced.']);
    const steamer = await indexDocument(f, ['The engine of the steamer was serviced.']);
    const zeppelin = await indexDocument(f, ['The engine of the zeppelin was serviced.']);
    const ids = await searchIds(f.index, 'zeppelin engine');
    expect(ids[0]).toBe(zeppelin.chunkIds[0]);
    // The others hold "engine" only: found, below.
    expect(ids.slice(1).sort()).toEqual([tractor.chunkIds[0], steamer.chunkIds[0]].sort());
  });

  it('ranks chunks by how many query words they hold', async () => {
    await indexDocument(f, FILLER);
    const one = await indexDocument(f, ['red small tall house']);
    const all = await indexDocument(f, ['red green blue house']);
    const two = await indexDocument(f, ['red green tall house']);
    expect(await searchIds(f.index, 'red green blue')).toEqual([
      all.chunkIds[0],
      two.chunkIds[0],
      one.chunkIds[0],
    ]);
  });

  it('returns scores that are higher for better hits, best first', async () => {
    await indexDocument(f, FILLER);
    await indexDocument(f, ['apple banana cherry', 'apple banana', 'apple and other fruit']);
    const hits = await f.index.search('apple banana cherry', { filter: {}, limit: 10 });
    expect(hits).toHaveLength(3);
    for (const hit of hits) expect(Number.isFinite(hit.score)).toBe(true);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[1]!.score).toBeGreaterThan(hits[2]!.score);
    expect(hits[2]!.score).toBeGreaterThan(0);
  });

  it('names the document of each chunk', async () => {
    const a = await indexDocument(f, ['walrus one', 'walrus two']);
    const b = await indexDocument(f, ['walrus three']);
    const hits = await f.index.search('walrus', { filter: {}, limit: 10 });
    const byChunk = new Map(hits.map((h) => [h.chunkId, h.documentId]));
    expect(byChunk).toEqual(
      new Map([
        [a.chunkIds[0], a.doc.id],
        [a.chunkIds[1], a.doc.id],
        [b.chunkIds[0], b.doc.id],
      ]),
    );
  });

  it('matches other forms of a word by its stem: "running" finds "runs"', async () => {
    await indexDocument(f, FILLER);
    const runs = await indexDocument(f, ['She runs every morning before work.']);
    const walked = await indexDocument(f, ['He walked to the station.']);
    expect(await searchIds(f.index, 'running')).toEqual(runs.chunkIds);
    expect(await searchIds(f.index, 'walking')).toEqual(walked.chunkIds);
  });

  it('ignores case and diacritics: "zurich" finds "Zürich" and "Zürich" finds "Zurich"', async () => {
    await indexDocument(f, FILLER);
    const accented = await indexDocument(f, ['The office in Zürich opened in May.']);
    const plain = await indexDocument(f, ['Trains to Zurich leave hourly.']);
    const both = [accented.chunkIds[0], plain.chunkIds[0]].sort();
    expect((await searchIds(f.index, 'zurich')).sort()).toEqual(both);
    expect((await searchIds(f.index, 'ZÜRICH')).sort()).toEqual(both);
    expect(await searchIds(f.index, 'café')).toEqual([]);
  });

  it('ranks a chunk whose document title holds the word above a chunk that has it only in its text', async () => {
    await indexDocument(f, FILLER);
    const inBody = await indexDocument(f, ['The volcano erupted during our field trip.'], {
      title: 'Field notes',
    });
    const inTitle = await indexDocument(f, ['We collected samples during our field trip.'], {
      title: 'Volcano survey',
    });
    expect(await searchIds(f.index, 'volcano')).toEqual([inTitle.chunkIds[0], inBody.chunkIds[0]]);
  });

  it('finds a chunk by its headings and ranks it above a chunk that has the word only in its text', async () => {
    await indexDocument(f, FILLER);
    const inBody = await indexDocument(f, ['The glacier retreated during the last decade.']);
    const inHeading = await indexDocument(f, [
      { content: 'Measurements were taken during the last decade.', headingPath: ['Results', 'Glacier'] },
    ]);
    expect(await searchIds(f.index, 'glacier')).toEqual([inHeading.chunkIds[0], inBody.chunkIds[0]]);
  });

  it('finds chunks by a title set or changed after the content was saved', async () => {
    await indexDocument(f, FILLER);
    const { doc, chunkIds } = await indexDocument(f, ['Body text without the name.'], { title: 'Old name' });
    expect(await searchIds(f.index, 'old')).toEqual(chunkIds);
    await f.store.documents.update(doc.id, { title: 'Brand new name' });
    expect(await searchIds(f.index, 'brand')).toEqual(chunkIds);
    expect(await searchIds(f.index, 'old')).toEqual([]);
  });
}
