import { expect, it } from 'vitest';
import { indexDocument, searchIds, type LexicalFixture } from './lexical-index.fixture.js';

const MARK = { open: '<b>', close: '</b>', maxChars: 300 };
const marked = (snippet: string | null) => [...(snippet ?? '').matchAll(/<b>(.*?)<\/b>/g)].map((m) => m[1]);
const sorted = (...ids: string[][]) => ids.flat().sort();

/** Chunks in three languages that share none of the test words, so those stay rare. */
async function filler(f: LexicalFixture): Promise<void> {
  await indexDocument(f, ['Quarterly revenue figures were reviewed by the board.'], { language: 'en' });
  await indexDocument(f, ['Pociąg do Gdańska odjeżdża o siódmej rano.'], { language: 'pl' });
  await indexDocument(f, ['Der Zug nach Hamburg fährt um sieben Uhr ab.'], { language: 'de' });
  await indexDocument(f, ['Opening hours: 9–17 daily.', 'Das Museum ist montags geschlossen.']);
}

/**
 * Languages: each chunk analysed with the stop words and stemmer of its document's language, every query in
 * each language of the documents it may find, snippets marking the original inflected words.
 */
export function languageCases(f: LexicalFixture): void {
  it('finds Polish inflections by their stem: "umowy" finds "umowa", "umowie" and "umową"', async () => {
    await filler(f);
    const a = await indexDocument(f, ['Umowa najmu została podpisana w marcu.'], { language: 'pl' });
    const b = await indexDocument(f, ['W tej umowie nie ma kary umownej.'], { language: 'pl' });
    const c = await indexDocument(f, ['Zgodnie z umową czynsz płatny jest z góry.'], { language: 'pl' });
    expect((await searchIds(f.index, 'umowy')).sort()).toEqual(sorted(a.chunkIds, b.chunkIds, c.chunkIds));
    expect((await searchIds(f.index, 'faktury')).sort()).toEqual([]);
  });

  it('finds German inflections by their stem: "Verträgen" finds "Vertrag" and "Verträge"', async () => {
    await filler(f);
    const one = await indexDocument(f, ['Der Vertrag wurde im März unterschrieben.'], { language: 'de' });
    const many = await indexDocument(f, ['Alle Verträge enden im Dezember.'], {
      language: 'de',
      title: 'Fristen',
    });
    expect((await searchIds(f.index, 'Verträgen')).sort()).toEqual(sorted(one.chunkIds, many.chunkIds));
    expect((await searchIds(f.index, 'vertrages')).sort()).toEqual(sorted(one.chunkIds, many.chunkIds));
  });

  it("leaves out each language's stop words, but not where the word means something in another", async () => {
    await filler(f);
    const cat = await indexDocument(f, ['Die Katze schläft auf dem Sofa.'], { language: 'de' });
    const plants = await indexDocument(f, ['Without water the plants die.'], { language: 'en' });
    // German "die" is an article, left out of the German chunk; English "die" is a verb.
    expect(await searchIds(f.index, 'die')).toEqual(plants.chunkIds);
    expect(await searchIds(f.index, 'Katze')).toEqual(cat.chunkIds);
    // Polish "nic", "się", "nie" and "jest" are stop words: only "stało" and "dobrze" are indexed.
    const nothing = await indexDocument(f, ['Nic się nie stało, jest dobrze.'], { language: 'pl' });
    expect(await searchIds(f.index, 'się jest')).toEqual([]);
    expect(await searchIds(f.index, 'nic się')).toEqual([]);
    expect(await searchIds(f.index, 'stało')).toEqual(nothing.chunkIds);
  });

  it('analyses a query in every language of the index, and in those of a languages filter', async () => {
    await filler(f);
    const pl = await indexDocument(f, ['Umowa o pracę na czas nieokreślony.'], { language: 'pl' });
    const de = await indexDocument(f, ['Die Verträge wurden verlängert.'], { language: 'de' });
    expect((await searchIds(f.index, 'umowy Vertrag')).sort()).toEqual(sorted(pl.chunkIds, de.chunkIds));
    expect(await searchIds(f.index, 'umowy Vertrag', { filter: { languages: ['de'] } })).toEqual(de.chunkIds);
    expect(await searchIds(f.index, 'umowie', { filter: { languages: ['pl-PL', 'pl'] } })).toEqual(
      pl.chunkIds,
    );
  });

  it('re-indexes the chunks of a document whose language changes', async () => {
    await filler(f);
    // Stored without a language, Polish text is analysed as English: "umowy" does not find "umowach".
    const { doc, chunkIds } = await indexDocument(f, ['Kary są opisane w umowach.'], { language: null });
    expect(await searchIds(f.index, 'umowy')).toEqual([]);
    await f.store.documents.update(doc.id, { language: 'pl' });
    expect(await searchIds(f.index, 'umowy')).toEqual(chunkIds);
  });

  it('marks the inflected words of the text itself in a snippet', async () => {
    await filler(f);
    const text = 'Umowa najmu: strony umowy ustalają, że w umowie nie ma kar.';
    const { chunkIds } = await indexDocument(f, [text], { language: 'pl' });
    const snippet = await f.index.snippet(chunkIds[0]!, 'umową najmu', MARK);
    expect(snippet!.replaceAll(/<\/?b>/g, '')).toBe(text);
    expect(marked(snippet)).toEqual(['Umowa', 'najmu', 'umowy', 'umowie']);
    const german = await indexDocument(f, ['Kündigung der Mietverträge'], { language: 'de' });
    expect(marked(await f.index.snippet(german.chunkIds[0]!, 'Mietvertrag kündigen', MARK))).toEqual([
      'Kündigung',
      'Mietverträge',
    ]);
  });
}
