// Documents for the chunking tests, built the way extractors build them (blocks joined by blank lines).
import type { BlockKind, PageSpan, TextBlock } from '../ingest/extraction.types.js';

/** One block of a test document: kind, text and optional extras (level, page, times, confidence). */
export type Part = [BlockKind, string, Omit<TextBlock, 'kind' | 'start' | 'end'>?];

/** Joins parts with blank lines, recording each part as a block. */
export function doc(parts: Part[]): { text: string; blocks: TextBlock[]; pages: PageSpan[] } {
  let text = '';
  const blocks: TextBlock[] = [];
  for (const [kind, body, extras] of parts) {
    if (text !== '') text += '\n\n';
    blocks.push({ kind, start: text.length, end: text.length + body.length, ...extras });
    text += body;
  }
  return { text, blocks, pages: [] };
}

const SENTENCES = [
  'Sift keeps every document it ingests in a content-addressed store.',
  'Chunks are the unit of retrieval, so their boundaries decide what a search can find.',
  'Why would anyone cut a sentence in half when a paragraph break is right there?',
  'Overlap repeats the end of one chunk at the start of the next!',
  'Page numbers let a citation point at the exact place in the original file.',
  'Audio transcripts carry timestamps instead of pages.',
];

/** A paragraph of `n` real-looking sentences, varied by `seed`. */
export function paragraph(seed: number, n: number): string {
  return Array.from({ length: n }, (_, k) => SENTENCES[(seed * 5 + k * 7) % SENTENCES.length]).join(' ');
}

/** A pipe table with a header row and `rows` data rows. */
export function table(rows: number): string {
  const lines = ['| name | kind | size | note |', '| --- | --- | --- | --- |'];
  for (let i = 0; i < rows; i++)
    lines.push(`| file-${i}.pdf | document | ${1000 + i * 37} KB | scanned page ${i} |`);
  return lines.join('\n');
}
