import {
  SECONDARY_BLOCK_KINDS,
  type PageSpan,
  type SecondaryBlockKind,
  type TextBlock,
} from '../ingest/extraction.types.js';
import type { Span } from './chunk-cutter.js';
import { skipWhitespace } from './text-scan.js';

/** What a chunk inherits from the pages and blocks it overlaps. */
export interface ChunkAnnotation {
  pageFrom: number | null;
  pageTo: number | null;
  headingPath: string[];
  timeStartMs: number | null;
  timeEndMs: number | null;
  confidence: number | null;
  origin: SecondaryBlockKind | null;
}

interface Interval {
  start: number;
  end: number;
}

/**
 * Overlap queries over intervals sorted by start. `reach[i]` is the largest end among the first i+1
 * intervals, so the first that can reach past a position is found by binary search even if intervals
 * overlap each other (extractors promise they do not, but a wrong promise must not lose annotations).
 */
class IntervalIndex<T extends Interval> {
  private readonly items: T[];
  private readonly reach: number[] = [];

  constructor(items: readonly T[]) {
    this.items = [...items].sort((a, b) => a.start - b.start);
    let max = -Infinity;
    for (const item of this.items) this.reach.push((max = Math.max(max, item.end)));
  }

  /** Items with a non-empty intersection with [start, end). */
  *overlapping(start: number, end: number): Generator<T> {
    let lo = 0;
    let hi = this.reach.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.reach[mid] as number) <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.items.length; i++) {
      const item = this.items[i] as T;
      if (item.start >= end) return;
      if (item.end > start && item.end > item.start) yield item;
    }
  }
}

interface HeadingMark {
  start: number;
  /** The heading stack once this heading is read, outermost first. */
  path: string[];
}

/**
 * Computes each chunk's page range, heading path, time range, confidence and origin from the document's pages and
 * blocks. Page numbers come from `pages`; when a document has none, from the `page` of the blocks.
 */
export function annotateChunks(
  text: string,
  spans: readonly Span[],
  blocks: readonly TextBlock[],
  pages: readonly PageSpan[],
): ChunkAnnotation[] {
  const pageIndex = new IntervalIndex(pages);
  const blockIndex = new IntervalIndex(blocks);
  const headings = headingMarks(text, blocks);
  // Trimmed start → end of each heading, to step over the headings a chunk opens with.
  const headingEnds = new Map<number, number>();
  for (const block of blocks) {
    if (block.kind === 'heading') headingEnds.set(skipWhitespace(text, block.start), block.end);
  }
  return spans.map((span) => {
    let pageFrom: number | null = null;
    let pageTo: number | null = null;
    const notePage = (page: number | undefined): void => {
      if (page === undefined) return;
      pageFrom = pageFrom === null ? page : Math.min(pageFrom, page);
      pageTo = pageTo === null ? page : Math.max(pageTo, page);
    };
    for (const page of pageIndex.overlapping(span.start, span.end)) notePage(page.number);
    let timeStartMs: number | null = null;
    let timeEndMs: number | null = null;
    let confidence: number | null = null;
    // undefined: no block seen yet; null: body text (or a mix of kinds) seen.
    let origin: SecondaryBlockKind | null | undefined;
    for (const block of blockIndex.overlapping(span.start, span.end)) {
      const kind = SECONDARY_BLOCK_KINDS.has(block.kind) ? (block.kind as SecondaryBlockKind) : null;
      origin = origin === undefined || origin === kind ? kind : null;
      if (pages.length === 0) notePage(block.page);
      if (block.timeStartMs !== undefined) timeStartMs = Math.min(timeStartMs ?? Infinity, block.timeStartMs);
      if (block.timeEndMs !== undefined) timeEndMs = Math.max(timeEndMs ?? -Infinity, block.timeEndMs);
      if (block.confidence !== undefined) confidence = Math.min(confidence ?? Infinity, block.confidence);
    }
    // Page furniture belongs to no section: a footer read after the last heading is not part of that section.
    const furniture = origin === 'header' || origin === 'footer';
    const headingPath = furniture ? [] : headingPathAt(headings, contentStart(text, span, headingEnds));
    return { pageFrom, pageTo, headingPath, timeStartMs, timeEndMs, confidence, origin: origin ?? null };
  });
}

/** Walks the headings in order keeping a stack: a heading pops every open heading of the same or deeper level. */
function headingMarks(text: string, blocks: readonly TextBlock[]): HeadingMark[] {
  const headings = blocks.filter((b) => b.kind === 'heading').sort((a, b) => a.start - b.start);
  const stack: { level: number; title: string }[] = [];
  const marks: HeadingMark[] = [];
  for (const heading of headings) {
    const level = heading.level ?? 1;
    const title = text.slice(heading.start, heading.end).replace(/\s+/gu, ' ').trim();
    while (stack.length > 0 && (stack[stack.length - 1] as { level: number }).level >= level) stack.pop();
    if (title !== '') stack.push({ level, title });
    marks.push({ start: heading.start, path: stack.map((h) => h.title) });
  }
  return marks;
}

function headingPathAt(marks: readonly HeadingMark[], position: number): string[] {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((marks[mid] as HeadingMark).start < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? [] : [...(marks[lo - 1] as HeadingMark).path];
}

/**
 * Where a chunk's own content begins for its heading path: its start, moved past the headings it opens
 * with, so a chunk that starts with "## Setup" is filed under Setup. A chunk of nothing but headings takes
 * all of them.
 */
function contentStart(text: string, span: Span, headingEnds: ReadonlyMap<number, number>): number {
  if (headingEnds.size === 0) return span.start;
  let at = span.start;
  for (;;) {
    at = Math.min(span.end, skipWhitespace(text, at));
    const end = headingEnds.get(at);
    if (end === undefined || end <= at || at >= span.end) return at;
    at = end;
  }
}
