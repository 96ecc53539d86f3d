import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import { describe, expect, it } from 'vitest';
import { countTokens, forEachTokenPiece } from './token-counter.js';

const reference = new Tiktoken(cl100kBase);

const word = fc.constantFrom(
  'the',
  'Sift',
  'retrieval',
  "don't",
  "we'll",
  'naïve',
  'Übergrößen',
  'café',
  '1234567',
  '3.14',
  'e.g.',
  '—',
  '(x)',
  '[link](http://example.com)',
  '中文',
  '日本語のテキスト',
  '😀',
  '<|endoftext|>',
  '$HOME',
  'snake_case',
);
const separator = fc.constantFrom(' ', ' ', '  ', '\n', '\n\n', '\t', '. ', ', ', '\r\n', ' \n ');
const ordinaryText = fc
  .array(fc.tuple(word, separator), { maxLength: 60 })
  .map((parts) => parts.flat().join(''));

describe('countTokens', () => {
  it('equals js-tiktoken cl100k_base encode length on ordinary text', () => {
    fc.assert(
      fc.property(ordinaryText, (text) => {
        expect(countTokens(text)).toBe(reference.encode(text, [], []).length);
      }),
      { numRuns: 300 },
    );
  });

  it('equals js-tiktoken on long unbroken pieces: CJK runs, emoji, symbol runs, digits, whitespace runs', () => {
    const unit = fc.constantFrom(
      '中',
      '文',
      '检',
      '索',
      '😀',
      '🚀',
      'é',
      'ß',
      'a',
      'Z',
      '-',
      '=',
      '*',
      '#',
      '7',
      ' ',
      '\n',
      '\u00a0',
      '\ud800',
    );
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 100 }), (text) => {
        expect(countTokens(text)).toBe(reference.encode(text, [], []).length);
      }),
      { numRuns: 150 },
    );
  });

  it('reports pieces whose counts add up to the count of the whole text', () => {
    const text = 'Chunks carry token counts.\n\nSo do   pieces: 12345 and 中文!';
    let sum = 0;
    let covered = '';
    forEachTokenPiece(text, (start, end, tokens) => {
      sum += tokens;
      covered += text.slice(start, end);
    });
    expect(sum).toBe(countTokens(text));
    expect(covered).toBe(text);
  });

  it('counts a special-token string as plain text where js-tiktoken would throw by default', () => {
    const text = 'before <|endoftext|> after';
    expect(() => reference.encode(text)).toThrow(/special token/u);
    expect(countTokens(text)).toBe(reference.encode(text, [], []).length);
    expect(countTokens(text)).toBeGreaterThan(3);
  });

  it('counts a long run of CJK letters (one pre-tokenizer piece) in slices, within 5% of the exact count', () => {
    const run = '检索增强生成需要把文档切成合适的片段以便搜索'.repeat(30).slice(0, 600);
    const exact = reference.encode(run, [], []).length;
    const counted = countTokens(run);
    expect(Math.abs(counted - exact) / exact).toBeLessThan(0.05);
  });

  it('counts nothing in an empty string', () => {
    expect(countTokens('')).toBe(0);
  });
});
