import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { chunkDocument } from './chunk-document.js';
import type { TextBlock } from '../ingest/extraction.types.js';
import { DEFAULT_CHUNKING, type ChunkDraft } from './chunking.types.js';
import { paragraph } from './test-documents.js';

function gaps(chunks: ChunkDraft[]): number[] {
  return chunks.slice(1).map((c, i) => chunks[i]!.endChar - c.startChar);
}

const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u.test(s);

describe('chunkDocument: recursive', () => {
  const longText = Array.from({ length: 90 }, (_, i) => paragraph(i, 2 + (i % 4))).join('\n\n');

  it('with the spec defaults cuts a 20 KB text into chunks of at most 1000 characters overlapping by about 200', () => {
    expect(longText.length).toBeGreaterThan(20_000);
    const chunks = chunkDocument(
      { text: longText, blocks: [], pages: [] },
      { ...DEFAULT_CHUNKING, strategy: 'recursive' },
    );
    expect(chunks.length).toBeGreaterThan(20);
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(1000);
    // Every chunk but the last is at least half full and ends at a sentence end.
    for (const c of chunks.slice(0, -1)) {
      expect(c.content.length).toBeGreaterThanOrEqual(500);
      expect(c.content).toMatch(/[.?!]$/u);
    }
    // The overlap starts at the first word at most 200 characters back.
    for (const o of gaps(chunks)) {
      expect(o).toBeLessThanOrEqual(200);
      expect(o).toBeGreaterThan(180);
    }
    expect(chunks.at(-1)!.endChar).toBe(longText.length);
  });

  it('prefers a paragraph break to a sentence end and packs whole paragraphs', () => {
    const text = Array.from({ length: 12 }, (_, i) => paragraph(i, 3)).join('\n\n');
    const chunks = chunkDocument(
      { text, blocks: [], pages: [] },
      { strategy: 'recursive', size: 1000, overlap: 0 },
    );
    for (const c of chunks.slice(0, -1)) expect(text.slice(c.endChar, c.endChar + 2)).toBe('\n\n');
    expect(chunks.length).toBeLessThan(12);
  });

  it('cuts mid-word only inside a word longer than the size', () => {
    const long = 'x'.repeat(250);
    const text = `${paragraph(1, 2)} ${long} ${paragraph(2, 2)}`;
    const chunks = chunkDocument(
      { text, blocks: [], pages: [] },
      { strategy: 'recursive', size: 100, overlap: 20 },
    );
    const wordStart = text.indexOf(long);
    for (const c of chunks) {
      expect(c.content.length).toBeLessThanOrEqual(100);
      const midWord = c.endChar < text.length && /\S/u.test(text[c.endChar]!);
      if (midWord) expect(c.endChar > wordStart && c.endChar < wordStart + long.length).toBe(true);
    }
    expect(chunks.filter((c) => c.content.includes('xxxxx')).length).toBeGreaterThanOrEqual(3);
  });

  it('chunks CJK text without spaces within the size, at 。 when there is one', () => {
    const plain = '中文文本测试没有空格的句子也要切分'.repeat(60);
    const chunks = chunkDocument(
      { text: plain, blocks: [], pages: [] },
      { strategy: 'recursive', size: 100, overlap: 20 },
    );
    expect(chunks.length).toBeGreaterThan(plain.length / 100);
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(100);
    expect(gaps(chunks).every((o) => o > 0 && o <= 20)).toBe(true);

    const punctuated = '这是一个完整的句子，用来测试切分。'.repeat(40);
    const cut = chunkDocument(
      { text: punctuated, blocks: [], pages: [] },
      { strategy: 'recursive', size: 100, overlap: 0 },
    );
    for (const c of cut) expect(c.content.endsWith('。')).toBe(true);
  });

  it('never splits a surrogate pair when it has to cut a run of emoji', () => {
    const text = '😀🚀'.repeat(200);
    const chunks = chunkDocument(
      { text, blocks: [], pages: [] },
      { strategy: 'recursive', size: 51, overlap: 10 },
    );
    for (const c of chunks) {
      expect(c.content.length).toBeLessThanOrEqual(51);
      expect(hasLoneSurrogate(c.content)).toBe(false);
    }
  });

  it('returns no chunks for empty or blank text', () => {
    expect(chunkDocument({ text: '', blocks: [], pages: [] }, DEFAULT_CHUNKING)).toEqual([]);
    expect(chunkDocument({ text: ' \n\t\u3000\n ', blocks: [], pages: [] }, DEFAULT_CHUNKING)).toEqual([]);
  });

  it('trims surrounding whitespace off a short text and counts its tokens', () => {
    const [only, ...rest] = chunkDocument(
      { text: '\n  Hello, world!  \n', blocks: [], pages: [] },
      DEFAULT_CHUNKING,
    );
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      index: 0,
      content: 'Hello, world!',
      startChar: 3,
      endChar: 16,
      tokenCount: 4,
    });
    expect(only).toMatchObject({
      pageFrom: null,
      pageTo: null,
      headingPath: [],
      timeStartMs: null,
      confidence: null,
    });
  });
});

describe('chunkDocument: token', () => {
  const text = Array.from({ length: 30 }, (_, i) => paragraph(i, 3)).join('\n\n');

  it('keeps chunks within the token size and overlap, counted as js-tiktoken counts them', () => {
    const chunks = chunkDocument(
      { text, blocks: [], pages: [] },
      { strategy: 'token', size: 100, overlap: 20 },
    );
    const encoder = new Tiktoken(cl100kBase);
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) {
      expect(c.tokenCount).toBe(encoder.encode(c.content).length);
      expect(c.tokenCount).toBeLessThanOrEqual(100);
    }
    // Full enough to be useful: all but the last hold at least half the budget.
    for (const c of chunks.slice(0, -1)) expect(c.tokenCount).toBeGreaterThanOrEqual(50);
    for (const [i, c] of chunks.slice(1).entries()) {
      const shared = text.slice(c.startChar, chunks[i]!.endChar);
      expect(encoder.encode(shared).length).toBeLessThanOrEqual(20);
    }
  });

  it('counts a special-token string as plain text instead of failing', () => {
    const chunks = chunkDocument(
      { text: 'before <|endoftext|> after', blocks: [], pages: [] },
      { strategy: 'token', size: 50, overlap: 0 },
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.tokenCount).toBeGreaterThan(3);
  });
});

describe('chunkDocument: settings', () => {
  const text = 'Some text.';
  const invalid = (settings: Parameters<typeof chunkDocument>[1]) => {
    try {
      chunkDocument({ text, blocks: [], pages: [] }, settings);
    } catch (err) {
      return err;
    }
    throw new Error('expected CHUNKING_SETTINGS_INVALID');
  };

  it.each([
    [{ strategy: 'recursive', size: 49, overlap: 0 }, 'size'],
    [{ strategy: 'structure', size: 1000.5, overlap: 0 }, 'size'],
    [{ strategy: 'token', size: 7, overlap: 0 }, 'size'],
    [{ strategy: 'recursive', size: 1000, overlap: 500 }, 'overlap'],
    [{ strategy: 'token', size: 100, overlap: -1 }, 'overlap'],
    [{ strategy: 'structure', size: 1000, overlap: Number.NaN }, 'overlap'],
    [{ strategy: 'semantic', size: 1000, overlap: 0 }, 'strategy'],
  ] as const)('rejects %j naming %s', (settings, field) => {
    const err = invalid(settings as unknown as Parameters<typeof chunkDocument>[1]);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CHUNKING_SETTINGS_INVALID', category: 'user', retryable: false });
    const problems = (err as AppError).details.problems as { field: string }[];
    expect(problems.map((p) => p.field)).toContain(field);
  });

  it('accepts the smallest sizes: 50 characters, 8 tokens, overlap just under half', () => {
    expect(
      chunkDocument({ text, blocks: [], pages: [] }, { strategy: 'recursive', size: 50, overlap: 24 }),
    ).toHaveLength(1);
    expect(
      chunkDocument({ text, blocks: [], pages: [] }, { strategy: 'token', size: 8, overlap: 3 }),
    ).toHaveLength(1);
  });

  it('rejects bad settings even for blank text', () => {
    expect(() =>
      chunkDocument({ text: '  ', blocks: [], pages: [] }, { strategy: 'recursive', size: 10, overlap: 0 }),
    ).toThrow(expect.objectContaining({ code: 'CHUNKING_SETTINGS_INVALID' }));
  });
});

describe('chunkDocument: text outside the main flow', () => {
  /** A document of blocks laid out as a TextBuilder does: blank-line separated, spans exact. */
  function laidOut(parts: [TextBlock['kind'], string, number?][]): { text: string; blocks: TextBlock[] } {
    let text = '';
    const blocks: TextBlock[] = [];
    for (const [kind, content, level] of parts) {
      if (text) text += '\n\n';
      blocks.push({
        kind,
        start: text.length,
        end: text.length + content.length,
        ...(level ? { level } : {}),
      });
      text += content;
    }
    return { text, blocks };
  }

  it('gives a footer, a note and a comment chunks of their own that say where their text came from', () => {
    const { text, blocks } = laidOut([
      ['heading', 'Terms', 1],
      ['paragraph', 'The supplier delivers the goods within thirty days.'],
      ['note', '1 Thirty calendar days, not working days.'],
      ['comment', 'Check this with legal.'],
      ['footer', 'Contract no. 4711 - confidential'],
    ]);
    const chunks = chunkDocument({ text, blocks, pages: [] }, DEFAULT_CHUNKING);
    expect(chunks.map((c) => [c.origin, c.content])).toEqual([
      [null, 'Terms\n\nThe supplier delivers the goods within thirty days.'],
      ['note', '1 Thirty calendar days, not working days.'],
      ['comment', 'Check this with legal.'],
      ['footer', 'Contract no. 4711 - confidential'],
    ]);
    // Notes stay under the section they annotate; a footer belongs to no section.
    expect(chunks[1]!.headingPath).toEqual(['Terms']);
    expect(chunks[3]!.headingPath).toEqual([]);
  });

  it('marks origin for strategies that cut by size alone only when a chunk holds nothing else', () => {
    const { text, blocks } = laidOut([
      ['paragraph', 'Body text of the page.'],
      ['footer', 'Page footer'],
    ]);
    const [mixed] = chunkDocument(
      { text, blocks, pages: [] },
      { ...DEFAULT_CHUNKING, strategy: 'recursive' },
    );
    expect(mixed!.content).toBe(text);
    expect(mixed!.origin).toBeNull();
    const footerOnly = laidOut([['header', 'ACME Corp. Annual report']]);
    const [header] = chunkDocument({ ...footerOnly, pages: [] }, { ...DEFAULT_CHUNKING, strategy: 'token' });
    expect(header!.origin).toBe('header');
  });
});
