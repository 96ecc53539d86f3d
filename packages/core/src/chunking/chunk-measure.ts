import { countTokens, forEachTokenPiece } from './token-counter.js';
import { upperBound } from './text-scan.js';

/**
 * How the cutter measures a span of the text: in UTF-16 characters or in tokens. `maxEnd`/`minStart` may
 * estimate; `length` is exact, and the cutter checks every chunk with it when `exact` is false.
 */
export interface ChunkMeasure {
  readonly exact: boolean;
  /** Largest end (≤ text length, > start) whose span from `start` measures about `budget`. */
  maxEnd(start: number, budget: number): number;
  /** Smallest start (≥ 0, ≤ end) whose span to `end` measures about `budget`. */
  minStart(end: number, budget: number): number;
  /** Exact length of text[start, end). */
  length(start: number, end: number): number;
}

/** Measures in UTF-16 code units (JavaScript string length), exactly. */
export function charMeasure(text: string): ChunkMeasure {
  return {
    exact: true,
    maxEnd: (start, budget) => Math.min(text.length, start + Math.max(1, budget)),
    minStart: (end, budget) => Math.max(0, end - budget),
    length: (start, end) => end - start,
  };
}

// A partial piece at a slice's edge is counted exactly up to this length; inside a giant piece (a CJK
// paragraph without spaces is one) the count is interpolated, so estimating stays O(1) in the piece length.
const PARTIAL_PIECE_CHARS = 256;

/**
 * Measures in cl100k_base tokens. The text is pre-tokenized once into pieces with their token counts; the
 * estimated count of a slice is the running count between its ends, with the partial piece at either end
 * counted on its own. That is usually exact at word boundaries (pieces break there) and off by a token or
 * two where the slice's first characters pre-tokenize differently on their own; `length` is exact.
 */
export function tokenMeasure(text: string): ChunkMeasure {
  const starts: number[] = [];
  const before: number[] = [];
  let total = 0;
  forEachTokenPiece(text, (start, _end, tokens) => {
    starts.push(start);
    before.push(total);
    total += tokens;
  });
  starts.push(text.length);
  before.push(total);

  // Running count at a position inside piece k, in proportion (used inside giant pieces only).
  const interpolate = (k: number, pos: number): number => {
    const span = (starts[k + 1] as number) - (starts[k] as number);
    const tokens = (before[k + 1] as number) - (before[k] as number);
    return (before[k] as number) + (tokens * (pos - (starts[k] as number))) / span;
  };
  // Character position of a running token count, inside the piece where the count is reached.
  const positionOf = (offset: number, round: (x: number) => number): number => {
    if (offset <= 0) return 0;
    if (offset >= total) return text.length;
    const k = upperBound(before, offset) - 1;
    const span = (starts[k + 1] as number) - (starts[k] as number);
    const tokens = (before[k + 1] as number) - (before[k] as number);
    return (starts[k] as number) + round((span * (offset - (before[k] as number))) / tokens);
  };

  return {
    exact: false,
    maxEnd: (start, budget) => {
      // Running count at `start`, as if the partial piece up to the next boundary were a piece of its own.
      const k = upperBound(starts, start - 1);
      const next = starts[k] as number;
      const offset =
        next - start <= PARTIAL_PIECE_CHARS
          ? (before[k] as number) - (next > start ? countTokens(text.slice(start, next)) : 0)
          : interpolate(k - 1, start);
      return Math.min(text.length, Math.max(start + 1, positionOf(offset + budget, Math.floor)));
    },
    minStart: (end, budget) => {
      const k = upperBound(starts, end) - 1;
      const from = starts[k] as number;
      const offset =
        end - from <= PARTIAL_PIECE_CHARS
          ? (before[k] as number) + (end > from ? countTokens(text.slice(from, end)) : 0)
          : interpolate(k, end);
      return Math.min(end, positionOf(offset - budget, Math.ceil));
    },
    length: (start, end) => countTokens(text.slice(start, end)),
  };
}
