import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentence-splitter.js';

// Pieces that exercise the repairs (abbreviations, list markers, wrapped lines, blank lines, CRLF) mixed with
// arbitrary strings, so the invariants are checked both where the splitter changes ICU's answer and
// elsewhere.
const piece = fc.oneof(
  fc.constantFrom(
    'Sift indexes files',
    'the lease',
    '. ',
    '.',
    '? ',
    '! ',
    ' ',
    '  ',
    '\n',
    '\n\n',
    '\r\n',
    '\t',
    '\u00a0',
    '\u2029',
    'e.g. ',
    'i.e. ',
    'Fig. ',
    'Eq. (4)',
    'Dr. ',
    'et al. ',
    '3.5',
    'v1.2.3',
    '1. ',
    'a) ',
    '- ',
    '# ',
    '| a | b |',
    'Ünïcödé ',
    '日本語の文。',
    '😀 ',
  ),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')),
  fc.string(),
);

describe('splitSentences (properties)', () => {
  it('returns ordered, disjoint, non-empty, trimmed spans within the text', () => {
    fc.assert(
      fc.property(text, (input) => {
        const spans = splitSentences(input);
        let previousEnd = 0;
        for (const { start, end } of spans) {
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(input.length);
          expect(input[start]).toMatch(/\S/);
          expect(input[end - 1]).toMatch(/\S/);
          previousEnd = end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('covers every non-whitespace character of the text', () => {
    fc.assert(
      fc.property(text, (input) => {
        const covered = new Array<boolean>(input.length).fill(false);
        for (const { start, end } of splitSentences(input)) covered.fill(true, start, end);
        for (let i = 0; i < input.length; i++)
          if (/\S/.test(input[i]!)) expect(covered[i], `offset ${i}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
