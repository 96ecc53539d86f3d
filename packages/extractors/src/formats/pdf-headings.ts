import type { PdfBlock } from './pdf-layout.js';

/** Font sizes are compared in half points: 11.98 and 12.02 are one size. */
const round = (size: number): number => Math.round(size * 2) / 2;

/** A heading's font is at least this much larger than the body's, and at least 1.5 pt larger. */
const MIN_RATIO = 1.2;
const MIN_POINTS = 1.5;
/** Headings are short: a few lines, a few words. */
const MAX_LINES = 3;
const MAX_CHARS = 150;
/** A size carrying this share of the text is a second body size (a large-print part), not headings. */
const MAX_SHARE = 0.3;

/**
 * Finds headings in a PDF by font size, conservatively (no headings beat wrong headings). The body size is
 * the size most characters are set in; a short paragraph (a few lines, no sentence punctuation at its end)
 * in a clearly larger size, that is not a large share of the text, is a heading. Levels go by size rank:
 * the largest heading size seen is level 1. pdf.js's text content does not say which fonts are bold, so
 * bold body-size headings stay paragraphs.
 *
 * Sizes are counted as pages are read: the caller holds the first pages back until `ready` (enough text to
 * trust the body size), then classifies them; levels are fixed from the heading sizes of those first pages,
 * and a size first seen later gets the level below that of the known sizes larger than it.
 */
export class PdfHeadingDetector {
  private readonly chars = new Map<number, number>();
  private total = 0;
  private body: number | null = null;
  private readonly levels = new Map<number, number>();

  constructor(private readonly minChars = 4000) {}

  /** Counts the characters of a page's blocks by size. */
  observe(blocks: readonly PdfBlock[]): void {
    for (const b of blocks) {
      const n = b.text.replace(/\s/gu, '').length;
      const size = round(b.size);
      this.chars.set(size, (this.chars.get(size) ?? 0) + n);
      this.total += n;
    }
    this.body = null;
  }

  /** Enough text has been seen to tell the body size. */
  get ready(): boolean {
    return this.total >= this.minChars;
  }

  /** The heading level of each block (undefined: not a heading), in order. */
  classify(blocks: readonly PdfBlock[]): (number | undefined)[] {
    const candidates = blocks.map((b) => (this.isHeading(b) ? round(b.size) : undefined));
    const fresh = [...new Set(candidates.filter((s): s is number => s !== undefined && !this.levels.has(s)))];
    for (const size of fresh.sort((a, b) => b - a)) {
      // One below the deepest level of the known sizes larger than it: a size between two known ones sorts in.
      const above = [...this.levels].filter(([s]) => s > size).map(([, level]) => level);
      this.levels.set(size, Math.min(6, Math.max(0, ...above) + 1));
    }
    return candidates.map((s) => (s === undefined ? undefined : this.levels.get(s)));
  }

  /** Assigns levels to every heading size in `pages` at once, so the first pages rank their sizes together. */
  rankAll(pages: readonly (readonly PdfBlock[])[]): void {
    this.classify(pages.flat());
  }

  private bodySize(): number | null {
    if (this.body === null) {
      let best = 0;
      for (const [size, n] of this.chars) {
        if (n > best) {
          best = n;
          this.body = size;
        }
      }
    }
    return this.body;
  }

  private isHeading(b: PdfBlock): boolean {
    const body = this.bodySize();
    if (b.kind !== 'paragraph' || body === null || this.total === 0) return false;
    const size = round(b.size);
    if (size < body * MIN_RATIO || size - body < MIN_POINTS) return false;
    if ((this.chars.get(size) ?? 0) / this.total > MAX_SHARE) return false;
    if (b.lines > MAX_LINES || b.text.length > MAX_CHARS) return false;
    // A drop cap, a big page number or a symbol is not a heading.
    if ((b.text.match(/\p{L}/gu) ?? []).length < 3) return false;
    // A sentence set large (a pull quote, a slogan) ends like one; headings rarely do.
    return !/[,;]$/u.test(b.text) && !(/[.!?]$/u.test(b.text) && b.text.split(/\s+/u).length > 6);
  }
}
