import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentence-splitter.js';

function sentences(text: string): string[] {
  return splitSentences(text).map(({ start, end }) => text.slice(start, end));
}

describe('splitSentences', () => {
  it('splits prose into trimmed sentences with offsets into the text', () => {
    const text = '  Sift ingests files. Does it search?  Yes!\n';
    const spans = splitSentences(text);
    expect(spans).toEqual([
      { start: 2, end: 21 },
      { start: 22, end: 37 },
      { start: 39, end: 43 },
    ]);
    expect(sentences(text)).toEqual(['Sift ingests files.', 'Does it search?', 'Yes!']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t \r\n ')).toEqual([]);
  });

  it('does not break after e.g., i.e., cf. and vs., whatever case follows', () => {
    expect(
      sentences('Use a tool, e.g. Grep or Sed. Prefer i.e. Ripgrep. Compare BM25 vs. DPR here. Done.'),
    ).toEqual([
      'Use a tool, e.g. Grep or Sed.',
      'Prefer i.e. Ripgrep.',
      'Compare BM25 vs. DPR here.',
      'Done.',
    ]);
  });

  it('keeps figure, equation, page and section references with their numbers', () => {
    expect(
      sentences('As Fig. 3 shows, it works. See Eq. (4) and pp. 12-14. Read Sec. 2.1 first. And Fig. 5.'),
    ).toEqual([
      'As Fig. 3 shows, it works.',
      'See Eq. (4) and pp. 12-14.',
      'Read Sec. 2.1 first.',
      'And Fig. 5.',
    ]);
  });

  it('keeps titles with names and "et al." with a following citation or lower-case word', () => {
    expect(
      sentences(
        'Dr. Smith wrote it. Vaswani et al. (2017) proposed it. Smith et al. [4] agree. ' +
          'Lee et al. showed it.',
      ),
    ).toEqual([
      'Dr. Smith wrote it.',
      'Vaswani et al. (2017) proposed it.',
      'Smith et al. [4] agree.',
      'Lee et al. showed it.',
    ]);
  });

  it('does not break inside decimals, versions or dotted names', () => {
    expect(sentences('Recall rose to 3.5 points in v1.2.3 of node.js today. It held.')).toEqual([
      'Recall rose to 3.5 points in v1.2.3 of node.js today.',
      'It held.',
    ]);
  });

  it('splits headings and list items at line breaks, keeping each marker with its item', () => {
    const text =
      '# Install\nRun the script.\n- first item\n- second item\n1. Step one. 2. Step two.\n\nEnd here';
    expect(sentences(text)).toEqual([
      '# Install',
      'Run the script.',
      '- first item',
      '- second item',
      '1. Step one.',
      '2. Step two.',
      'End here',
    ]);
  });

  it('joins a hard-wrapped line continued in lower case, not past a blank line or a full stop', () => {
    const text =
      'The worker claims a task\nand renews its lease. Then it\r\nfinishes.\nnext line.\n\nnew paragraph.';
    expect(sentences(text)).toEqual([
      'The worker claims a task\nand renews its lease.',
      'Then it\r\nfinishes.',
      'next line.',
      'new paragraph.',
    ]);
  });

  it('does not join a wrapped line into a table row or onto a lower-case list item', () => {
    expect(sentences('| a | b |\nsome text here\nNotes\na) first choice')).toEqual([
      '| a | b |',
      'some text here',
      'Notes',
      'a) first choice',
    ]);
  });
});
