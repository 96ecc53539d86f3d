import { expect, it } from 'vitest';
import { indexDocument, type LexicalFixture } from './lexical-index.fixture.js';

const MARK = { open: '<b>', close: '</b>' };

/** The text of a snippet without its marks and ellipses. */
const plain = (snippet: string) => snippet.replaceAll(MARK.open, '').replaceAll(MARK.close, '');
const marked = (snippet: string) => [...snippet.matchAll(/<b>(.*?)<\/b>/g)].map((m) => m[1]);

// 60 words of filler either side of the passage that matches.
const FILL_A = Array.from({ length: 60 }, (_, i) => `alpha${i}`).join(' ');
const FILL_B = Array.from({ length: 60 }, (_, i) => `omega${i}`).join(' ');

/** snippet: marks, stems, cutting on word boundaries, and chunks that are gone or do not match. */
export function snippetCases(f: LexicalFixture): void {
  it('returns a short chunk whole with every matching word marked, stemmed forms included', async () => {
    const text = 'The runner runs; running shoes help. Run!';
    // Other chunks match too, before and after it: the snippet is of the chunk asked for.
    await indexDocument(f, ['Running late again.', 'Run for the bus.']);
    const { chunkIds } = await indexDocument(f, [text]);
    await indexDocument(f, ['They ran and ran; nobody runs now.']);
    const snippet = await f.index.snippet(chunkIds[0]!, 'running', { ...MARK, maxChars: 200 });
    expect(plain(snippet!)).toBe(text);
    // "runner" stems to "runner", not "run".
    expect(marked(snippet!)).toEqual(['runs', 'running', 'Run']);
    expect(snippet).toBe('The runner <b>runs</b>; <b>running</b> shoes help. <b>Run</b>!');
  });

  it('marks words whatever their case and diacritics', async () => {
    const { chunkIds } = await indexDocument(f, ['Offices in ZÜRICH and Zurich; not in Geneva.']);
    const snippet = await f.index.snippet(chunkIds[0]!, 'zürich', { ...MARK, maxChars: 200 });
    expect(marked(snippet!)).toEqual(['ZÜRICH', 'Zurich']);
  });

  it('cuts a long chunk around its densest matches, on word boundaries, with ellipses where cut', async () => {
    const passage = 'A lone heron waited. Later the heron and the egret fished together in the reeds.';
    const text = `${FILL_A} heron. ${FILL_B} ${passage} ${FILL_A} ${FILL_B}`;
    const { chunkIds } = await indexDocument(f, [text]);
    const snippet = (await f.index.snippet(chunkIds[0]!, 'heron egret reeds', { ...MARK, maxChars: 120 }))!;
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    const inner = plain(snippet).slice(1, -1);
    expect(plain(snippet).length).toBeLessThanOrEqual(120);
    expect(inner.length).toBeGreaterThan(60);
    // The window is the passage with three distinct words, not the lone "heron" earlier on.
    expect(marked(snippet)).toEqual(['heron', 'heron', 'egret', 'reeds']);
    expect(text).toContain(inner);
    // Cut between words: the characters either side of the cut are not letters or digits.
    const start = text.indexOf(inner);
    expect(text[start - 1]).toMatch(/[^\p{L}\p{N}]/u);
    expect(text[start + inner.length] ?? ' ').toMatch(/[^\p{L}\p{N}]/u);
  });

  it('starts a long chunk that holds no query word at its beginning, unmarked', async () => {
    const text = `${FILL_A} ${FILL_B}`;
    const { chunkIds } = await indexDocument(f, [text], { title: 'Heron survey' });
    // The chunk matches "heron" by its title only: nothing in the text to mark.
    for (const query of ['heron', 'kingfisher', '', '"*']) {
      const snippet = (await f.index.snippet(chunkIds[0]!, query, { ...MARK, maxChars: 50 }))!;
      expect(snippet, query).toMatch(/^alpha0 alpha1 .*…$/);
      expect(marked(snippet)).toEqual([]);
      expect(plain(snippet).length).toBeLessThanOrEqual(50);
      expect(text.startsWith(snippet.slice(0, -1))).toBe(true);
    }
  });

  it('marks with any strings, even ones the text contains', async () => {
    const text = 'Use [brackets] and <b>tags</b> around the keyword here.';
    const { chunkIds } = await indexDocument(f, [text]);
    const snippet = await f.index.snippet(chunkIds[0]!, 'keyword', { open: '[', close: ']', maxChars: 200 });
    expect(snippet).toBe('Use [brackets] and <b>tags</b> around the [keyword] here.');
  });

  it('returns null for a chunk that does not exist', async () => {
    expect(await f.index.snippet('no-such-chunk', 'anything', { ...MARK, maxChars: 100 })).toBeNull();
  });
}
