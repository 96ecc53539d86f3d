import { describe, expect, it } from 'vitest';
import { buildSnippet, type MatchSpan } from './fts-snippet.js';

const MARK = { open: '[', close: ']' };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Spans of every occurrence of `word` in `text`. */
const spansOf = (text: string, word: string): MatchSpan[] =>
  [...text.matchAll(new RegExp(word, 'g'))].map((m) => ({ start: m.index, end: m.index + word.length }));

describe('buildSnippet', () => {
  it('keeps a text that fits whole, marking every span in order whatever order they come in', () => {
    const text = 'one two one';
    const spans = spansOf(text, 'one').reverse();
    expect(buildSnippet(text, spans, { ...MARK, maxChars: 11 })).toBe('[one] two [one]');
  });

  it('cuts to at most maxChars with ellipses, on word boundaries', () => {
    const text = `${'lorem '.repeat(40)}target ${'ipsum '.repeat(40)}`.trim();
    const snippet = buildSnippet(text, spansOf(text, 'target'), { ...MARK, maxChars: 40 });
    expect(snippet).toMatch(/^…(lorem )+\[target\]( ipsum)+…$/);
    expect(snippet.replace(/[[\]]/g, '').length).toBeLessThanOrEqual(40);
  });

  it('keeps one match longer than the window whole', () => {
    const word = 'x'.repeat(30);
    const text = `aa ${word} bb`;
    expect(buildSnippet(text, spansOf(text, word), { ...MARK, maxChars: 10 })).toBe(`…[${word}]…`);
  });

  it('cuts inside a single word longer than the window rather than return nothing', () => {
    const text = 'y'.repeat(50);
    expect(buildSnippet(text, [], { ...MARK, maxChars: 10 })).toBe(`${'y'.repeat(8)}…`);
  });

  it('never splits a surrogate pair at a cut', () => {
    const text = `${'😀'.repeat(30)} end`;
    for (const maxChars of [9, 10, 11, 12]) {
      const snippet = buildSnippet(text, spansOf(text, 'end'), { ...MARK, maxChars });
      expect(snippet, String(maxChars)).not.toMatch(LONE_SURROGATE);
    }
  });
});
