import type { ChunkMeasure } from './chunk-measure.js';
import { findSeparatorCut } from './separator-scan.js';
import {
  alignToCodePoint,
  isCjkSentenceEnd,
  isWhitespace,
  nextWordStart,
  skipWhitespace,
  trimEndBefore,
  upperBound,
} from './text-scan.js';

/** A half-open range of the text, `[start, end)`. */
export interface Span {
  start: number;
  end: number;
  /** Exact token count of the span, when the token strategy already counted it. */
  tokens?: number;
}

/**
 * Structural cut rules layered over the separator rules (the structure strategy). All arrays ascending.
 * - `blockEnds`: chunk ends on block boundaries, preferred over any separator inside a block;
 * - `forcedBreaks`: positions where a chunk must end and the next one start, without overlap (headings);
 * - `atomic`: spans never cut inside (tables, lists, code that fit in one chunk).
 */
export interface CutPlan {
  blockEnds: number[];
  forcedBreaks: number[];
  atomic: Span[];
}

const NO_PLAN: CutPlan = { blockEnds: [], forcedBreaks: [], atomic: [] };

/**
 * Cuts `text` into chunks of at most `size` (as `measure` counts) that start and end on non-whitespace, with
 * up to `overlap` repeated between neighbours. Each chunk ends at the best boundary that fits: a forced
 * break, the last block end, then the last paragraph, line, sentence or word boundary (preferring ones that
 * fill at least half the chunk); only a single word longer than `size` is cut mid-word.
 */
export function cutChunks(
  text: string,
  measure: ChunkMeasure,
  size: number,
  overlap: number,
  plan: CutPlan = NO_PLAN,
): Span[] {
  const textEnd = trimEndBefore(text, text.length);
  let base = skipWhitespace(text, 0);
  if (base >= textEnd) return [];
  const cutter = new Cutter(text, measure, size, overlap, plan, textEnd);
  const spans: Span[] = [];
  let start = base;
  let prevEnd = base;
  for (;;) {
    let end = cutter.chooseEnd(start, prevEnd);
    if (end === null && start < base) {
      // The overlap left no room for the next word or table: start the chunk without it, unless even then
      // only a hard cut is possible (a word longer than size keeps its overlap).
      const fresh = cutter.chooseEnd(base, prevEnd);
      if (fresh !== null) {
        start = base;
        end = fresh;
      }
    }
    const hard = end === null;
    if (end === null) end = cutter.hardCut(start, prevEnd);
    const tokens = cutter.measuredLength(start, end);
    spans.push(tokens === undefined ? { start, end } : { start, end, tokens });
    if (end >= textEnd) return spans;
    base = skipWhitespace(text, end);
    start = cutter.overlapStart(start, end, base, hard);
    prevEnd = end;
  }
}

class Cutter {
  private readonly forced: Set<number>;
  private last: Required<Span> | undefined;

  constructor(
    private readonly text: string,
    private readonly measure: ChunkMeasure,
    private readonly size: number,
    private readonly overlap: number,
    private readonly plan: CutPlan,
    private readonly textEnd: number,
  ) {
    this.forced = new Set(plan.forcedBreaks);
  }

  /** The exact length of [start, end) if the last exact measurement was of that span (tokens only). */
  measuredLength(start: number, end: number): number | undefined {
    const last = this.last;
    return last !== undefined && last.start === start && last.end === end ? last.tokens : undefined;
  }

  // Exact counting is the expensive part of the token strategy; the chunk's final count is kept for reuse.
  private length(start: number, end: number): number {
    const tokens = this.measure.length(start, end);
    this.last = { start, end, tokens };
    return tokens;
  }

  /** End of the chunk starting at `start` (which must pass `prevEnd`), or null when only a hard cut fits. */
  chooseEnd(start: number, prevEnd: number): number | null {
    const window = this.measure.maxEnd(start, this.size);
    let limit = window;
    for (;;) {
      const end = this.pick(start, prevEnd, limit);
      if (this.measure.exact) return end;
      if (end === null) return this.firstBoundaryThatFits(start, prevEnd, window);
      const actual = this.length(start, end);
      if (actual <= this.size) return end;
      limit = this.shrink(start, end, actual);
    }
  }

  /**
   * An estimating measure can be pessimistic (a slice re-tokenizes differently at its start), so before
   * giving up on a word that looks too long, check exactly whether the first boundary past the window fits.
   */
  private firstBoundaryThatFits(start: number, prevEnd: number, window: number): number | null {
    const text = this.text;
    const stop = Math.min(this.textEnd, window + (window - start));
    for (let e = Math.max(prevEnd, start) + 1; e <= stop; e++) {
      const before = text.charCodeAt(e - 1);
      if (isWhitespace(before)) continue;
      const boundary = e === this.textEnd || isWhitespace(text.charCodeAt(e)) || isCjkSentenceEnd(before);
      if (!boundary || this.atomicAround(e) !== null) continue;
      return this.length(start, e) <= this.size ? e : null;
    }
    return null;
  }

  /**
   * A smaller window after [start, end) measured `actual` > size: just below `end` when it was only a few
   * tokens over (so the next boundary down gets its chance), otherwise cut in proportion.
   */
  private shrink(start: number, end: number, actual: number): number {
    if (actual - this.size <= Math.max(2, Math.ceil(this.size / 20))) return end - 1;
    return Math.min(end - 1, start + Math.floor(((end - start) * this.size) / actual));
  }

  /** A mid-word cut at the size limit, for a word that alone exceeds `size`. */
  hardCut(start: number, prevEnd: number): number {
    let end = alignToCodePoint(
      this.text,
      Math.max(prevEnd + 1, this.measure.maxEnd(start, this.size)),
      prevEnd,
    );
    while (!this.measure.exact && end > prevEnd + 1) {
      const actual = this.length(start, end);
      if (actual <= this.size) break;
      end = alignToCodePoint(this.text, Math.max(prevEnd + 1, this.shrink(start, end, actual)), prevEnd);
    }
    const trimmed = trimEndBefore(this.text, end);
    return Math.min(this.textEnd, trimmed > prevEnd ? trimmed : end);
  }

  /**
   * Start of the chunk after one that spanned [prevStart, prevEnd): up to `overlap` before prevEnd, moved
   * forward to a word start (mid-word only inside a word that was hard-cut), never before a heading, never
   * inside a table kept whole, and never more than half of the previous chunk.
   */
  overlapStart(prevStart: number, prevEnd: number, base: number, hardWord: boolean): number {
    if (this.overlap === 0 || base >= this.textEnd || this.forced.has(base)) return base;
    const half = prevStart + Math.ceil((prevEnd - prevStart) / 2);
    let from = Math.max(this.measure.minStart(prevEnd, this.overlap), half, prevStart + 1);
    for (;;) {
      let at = nextWordStart(this.text, from, prevEnd);
      if (at < 0) {
        // Aligned forwards, so the search never moves back to where it was.
        at = alignToCodePoint(this.text, from, from);
        if (!hardWord || at >= prevEnd) return base;
      }
      const inside = this.atomicAround(at);
      if (inside !== null) {
        from = inside.end;
        continue;
      }
      if (this.measure.exact) return at;
      const actual = this.measure.length(at, prevEnd);
      if (actual <= this.overlap) return at;
      from = at + Math.max(1, Math.floor(((prevEnd - at) * (actual - this.overlap)) / actual));
    }
  }

  private pick(start: number, prevEnd: number, limit: number): number | null {
    const { forcedBreaks, blockEnds } = this.plan;
    const nextForced = forcedBreaks[upperBound(forcedBreaks, start)];
    if (nextForced !== undefined) {
      const forcedEnd = trimEndBefore(this.text, nextForced);
      if (forcedEnd <= limit && forcedEnd > prevEnd) return forcedEnd;
    }
    const restFits = this.textEnd <= limit && (nextForced === undefined || nextForced > this.textEnd);
    if (restFits) return this.textEnd;
    const blockEnd = blockEnds[upperBound(blockEnds, limit) - 1];
    if (blockEnd !== undefined && blockEnd > prevEnd && blockEnd > start) return blockEnd;
    const beforeAtomic = this.endBeforeAtomic(start, prevEnd, limit);
    if (beforeAtomic !== null) return beforeAtomic;
    const fillEnd = this.measure.maxEnd(start, Math.floor(this.size / 2));
    return findSeparatorCut(this.text, Math.max(prevEnd, start), limit, fillEnd, this.plan.atomic);
  }

  /**
   * When the window ends inside a span kept whole and no block ends before it, only a heading (which is no
   * block end: it stays with what follows) lies between the chunk start and the span. The span fits alone
   * but not after the heading, so the chunk ends where the span starts. Without this the separator scan
   * would split the heading at a space in it, or, with no whitespace before the span, the chunk was
   * hard-cut inside the span.
   */
  private endBeforeAtomic(start: number, prevEnd: number, limit: number): number | null {
    const span = this.atomicAround(limit);
    if (span === null) return null;
    const end = trimEndBefore(this.text, span.start);
    return end > prevEnd && end > start ? end : null;
  }

  private atomicAround(pos: number): Span | null {
    const { atomic } = this.plan;
    let lo = 0;
    let hi = atomic.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((atomic[mid] as Span).start < pos) lo = mid + 1;
      else hi = mid;
    }
    const candidate = atomic[lo - 1];
    return candidate !== undefined && pos < candidate.end ? candidate : null;
  }
}
