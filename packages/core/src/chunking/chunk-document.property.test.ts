import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockKind, PageSpan, TextBlock } from '../ingest/extraction.types.js';
import { chunkDocument } from './chunk-document.js';
import type { ChunkDraft, ChunkingSettings } from './chunking.types.js';
import { structuralUnits } from './structure-splitter.js';
import { isCjkSentenceEnd, isWhitespace } from './text-scan.js';
import { countTokens } from './token-counter.js';

// Texts mixing words, long unbreakable words, CJK runs, emoji (surrogate pairs) and every separator kind.
const word = fc.oneof(
  {
    weight: 60,
    arbitrary: fc.constantFrom('alpha', 'beta', 'gamma', 'x', 'naïve', 'e.g.', '“quoted.”', '(note)'),
  },
  { weight: 20, arbitrary: fc.constantFrom('中文', '测试文本', '没有空格的句子。', '日本語！', '😀', '🚀x') },
  {
    weight: 10,
    arbitrary: fc.string({
      unit: fc.constantFrom('a', 'b', 'é', '中', '😀', '-'),
      minLength: 1,
      maxLength: 120,
    }),
  },
  // Rarely, a giant unbroken run: one pre-tokenizer piece counted in slices, estimated by interpolation.
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom('中', '文', 'a'), minLength: 200, maxLength: 700 }),
  },
);
const separator = fc.constantFrom(
  ' ',
  ' ',
  ' ',
  ' ',
  '. ',
  '? ',
  '! ',
  '\n',
  '\n\n',
  '\t',
  '  ',
  '\r\n',
  '\f',
  '。',
  '\u00a0',
  ' \n \n ',
);
const structuredText = fc
  .array(fc.tuple(word, separator), { maxLength: 250 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const anyText = fc.oneof(
  { weight: 5, arbitrary: structuredText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(' ', '\n', 'a', '.'), maxLength: 300 }) },
);

const kinds: BlockKind[] = ['heading', 'paragraph', 'list', 'table', 'code', 'quote', 'segment'];

/** Random non-overlapping blocks (with gaps) and a partition into pages over a text. */
function withLayout(text: string) {
  const n = text.length;
  return fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: n }), { maxLength: 30 }),
      pageCuts: fc.uniqueArray(fc.integer({ min: 0, max: n }), { maxLength: 6 }),
      attrs: fc.array(
        fc.record({
          kind: fc.constantFrom(...kinds),
          level: fc.integer({ min: 1, max: 4 }),
          keep: fc.boolean(),
          time: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
          confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        }),
        { minLength: 31, maxLength: 31 },
      ),
    })
    .map(({ cuts, pageCuts, attrs }) => {
      const points = [...cuts].sort((a, b) => a - b);
      const blocks: TextBlock[] = [];
      for (let i = 0; i + 1 < points.length; i++) {
        const a = attrs[i]!;
        if (!a.keep) continue;
        blocks.push({
          kind: a.kind,
          start: points[i]!,
          end: points[i + 1]!,
          ...(a.kind === 'heading' ? { level: a.level } : {}),
          ...(a.time !== undefined ? { timeStartMs: a.time, timeEndMs: a.time + 500 } : {}),
          ...(a.confidence !== undefined ? { confidence: a.confidence } : {}),
        });
      }
      const bounds = [0, ...[...pageCuts].sort((a, b) => a - b).filter((c) => c > 0 && c < n), n];
      const pages: PageSpan[] = [];
      for (let i = 0; i + 1 < bounds.length; i++)
        pages.push({ number: i + 1, start: bounds[i]!, end: bounds[i + 1]! });
      return { text, blocks, pages: n === 0 ? [] : pages };
    });
}

/**
 * Documents built like extractors build them: blocks of text joined by blank lines, tables as rows. Some
 * extractors glue blocks with a single break, a space or nothing (a heading run straight into a table), so
 * the joint varies too: cuts must then fall on block edges, not on separators.
 */
const builtDocs = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...kinds),
      level: fc.integer({ min: 1, max: 4 }),
      lines: fc.array(structuredText, { minLength: 1, maxLength: 6 }),
      page: fc.integer({ min: 1, max: 3 }),
      joint: fc.constantFrom('\n\n', '\n\n', '\n', ' ', ''),
    }),
    { maxLength: 20 },
  )
  .map((parts) => {
    let text = '';
    const blocks: TextBlock[] = [];
    let page = 1;
    for (const part of parts) {
      const body = part.lines
        .join(part.kind === 'table' || part.kind === 'list' || part.kind === 'code' ? '\n' : ' ')
        .trim();
      if (body === '') continue;
      if (text !== '') text += part.joint;
      page += part.page === 1 ? 1 : 0;
      blocks.push({
        kind: part.kind,
        start: text.length,
        end: text.length + body.length,
        page,
        ...(part.kind === 'heading' ? { level: part.level } : {}),
      });
      text += body;
    }
    return { text, blocks, pages: [] as PageSpan[] };
  });

const docs = fc.oneof(anyText.chain(withLayout), builtDocs);

function settingsFor(strategy: ChunkingSettings['strategy']) {
  const min = strategy === 'token' ? 8 : 50;
  const max = strategy === 'token' ? 80 : 400;
  return fc
    .integer({ min, max })
    .chain((size) =>
      fc.record({ size: fc.constant(size), overlap: fc.integer({ min: 0, max: Math.ceil(size / 2) - 1 }) }),
    )
    .map(({ size, overlap }): ChunkingSettings => ({ strategy, size, overlap }));
}

/** Chunk 0, then for each next chunk the whitespace gap plus its content past the previous end. */
function reconstruct(text: string, chunks: ChunkDraft[]): string {
  let out = '';
  let end = -1;
  for (const c of chunks) {
    if (end < 0) out = c.content;
    else if (c.startChar >= end) out += text.slice(end, c.startChar) + c.content;
    else out += c.content.slice(end - c.startChar);
    end = c.endChar;
  }
  return out;
}

/** The maximal run of non-space text around position `at` not broken by a CJK sentence end. */
function wordAround(text: string, at: number): string {
  let a = at;
  while (a > 0 && !isWhitespace(text.charCodeAt(a - 1)) && !isCjkSentenceEnd(text.charCodeAt(a - 1))) a--;
  let b = at;
  while (b < text.length && !isWhitespace(text.charCodeAt(b)) && !isCjkSentenceEnd(text.charCodeAt(b - 1)))
    b++;
  return text.slice(a, b);
}

function overlaps(x: { start: number; end: number }, c: ChunkDraft): boolean {
  return x.start < c.endChar && x.end > c.startChar && x.end > x.start;
}

function checkInvariants(
  doc: { text: string; blocks: TextBlock[]; pages: PageSpan[] },
  settings: ChunkingSettings,
) {
  const { text } = doc;
  const chunks = chunkDocument(doc, settings);
  const measure = (s: string) => (settings.strategy === 'token' ? countTokens(s) : s.length);
  if (text.trim() === '') {
    expect(chunks).toEqual([]);
    return;
  }
  expect(reconstruct(text, chunks)).toBe(text.trim());
  chunks.forEach((c, i) => {
    expect(c.index).toBe(i);
    expect(c.content).toBe(text.slice(c.startChar, c.endChar));
    expect(c.content.trim()).not.toBe('');
    expect(c.tokenCount).toBe(countTokens(c.content));
    expect(measure(c.content)).toBeLessThanOrEqual(settings.size);
    const end = c.endChar;
    const midWord =
      end < text.length &&
      !isWhitespace(text.charCodeAt(end)) &&
      !isWhitespace(text.charCodeAt(end - 1)) &&
      !isCjkSentenceEnd(text.charCodeAt(end - 1));
    const onBlockEdge = doc.blocks.some((b) => b.start === end || b.end === end);
    if (midWord && settings.strategy !== 'token' && !onBlockEdge) {
      expect(wordAround(text, end).length).toBeGreaterThan(settings.size);
    }
    if (midWord && settings.strategy === 'token') {
      expect(countTokens(wordAround(text, end))).toBeGreaterThan(settings.size);
    }
    // Annotations agree with a brute-force reading of the pages and blocks.
    const pages =
      doc.pages.length > 0
        ? doc.pages.filter((p) => overlaps(p, c)).map((p) => p.number)
        : doc.blocks.filter((b) => overlaps(b, c) && b.page !== undefined).map((b) => b.page!);
    expect([c.pageFrom, c.pageTo]).toEqual(
      pages.length ? [Math.min(...pages), Math.max(...pages)] : [null, null],
    );
    const blocks = doc.blocks.filter((b) => overlaps(b, c));
    const conf = blocks.flatMap((b) => (b.confidence === undefined ? [] : [b.confidence]));
    expect(c.confidence).toBe(conf.length ? Math.min(...conf) : null);
    const starts = blocks.flatMap((b) => (b.timeStartMs === undefined ? [] : [b.timeStartMs]));
    expect(c.timeStartMs).toBe(starts.length ? Math.min(...starts) : null);
    if (i === 0) return;
    const prev = chunks[i - 1]!;
    expect(c.startChar).toBeGreaterThan(prev.startChar);
    expect(c.endChar).toBeGreaterThan(prev.endChar);
    if (c.startChar > prev.endChar) expect(text.slice(prev.endChar, c.startChar).trim()).toBe('');
    else expect(measure(text.slice(c.startChar, prev.endChar))).toBeLessThanOrEqual(settings.overlap);
  });
  return chunks;
}

describe('chunkDocument invariants (property-based)', () => {
  for (const strategy of ['recursive', 'structure', 'token'] as const) {
    it(`${strategy}: exact slices in order, within size and overlap, reconstructing the trimmed text`, () => {
      fc.assert(
        fc.property(docs, settingsFor(strategy), (doc, settings) => {
          checkInvariants(doc, settings);
        }),
        { numRuns: strategy === 'token' ? 200 : 400 },
      );
    });
  }

  it('structure: never cuts inside a table, list or code block that fits, and never overlaps into a heading', () => {
    fc.assert(
      fc.property(docs, settingsFor('structure'), (doc, settings) => {
        const chunks = checkInvariants(doc, settings) ?? [];
        const units = structuralUnits(doc.text, doc.blocks);
        units.forEach((unit, u) => {
          const keepWhole =
            ['table', 'list', 'code'].includes(unit.kind) && unit.end - unit.start <= settings.size;
          if (keepWhole) {
            for (const c of chunks) {
              expect(c.startChar > unit.start && c.startChar < unit.end).toBe(false);
              expect(c.endChar > unit.start && c.endChar < unit.end).toBe(false);
            }
          }
          const previous = units[u - 1];
          if (unit.kind === 'heading' && previous !== undefined && previous.kind !== 'heading') {
            // A heading after content starts a chunk, and no chunk runs across its start.
            expect(chunks.some((c) => c.startChar === unit.start)).toBe(true);
            expect(chunks.some((c) => c.startChar < unit.start && c.endChar > unit.start)).toBe(false);
          }
        });
      }),
      { numRuns: 400 },
    );
  });
});
