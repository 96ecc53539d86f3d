import type { PdfTextItem } from './pdf-layout.js';

/** A stretch of a line set apart from the next by a wide gap: a table cell, or a line's only segment. */
export interface Segment {
  text: string;
  x: number;
  endX: number;
}

/** One line of text on a baseline. */
export interface Line {
  text: string;
  x: number;
  endX: number;
  y: number;
  /** The largest font size on the line. */
  size: number;
  segments: Segment[];
}

/** A run of glyphs pdf.js put in one text item: glyphs less than 0.1 em apart (see pdf-reader.worker.mjs). */
interface Run {
  text: string;
  x: number;
  endX: number;
  size: number;
}

/** A gap wider than this many em between runs separates segments (table cells, columns) rather than words. */
const SEGMENT_GAP_EM = 1.2;
/** Runs one glyph long, this many in a row, mean letter-spaced text rather than single-letter words. */
const MIN_LETTER_SPACED_RUNS = 4;

/**
 * Groups one page's text items into lines: items on one baseline, in content order, until a line end, a
 * baseline change, or a jump back to the left over text already on the line (overprinted text, a second
 * column written at the same height). Within a line, runs become words (see `joinRuns`), and gaps wider than
 * 1.2 em split the line into segments.
 */
export function buildLines(items: Iterable<PdfTextItem>): Line[] {
  const lines: Line[] = [];
  let runs: Run[] = [];
  let y = 0;
  let eol = false;
  const flush = (): void => {
    if (runs.length > 0) lines.push(toLine(runs, y));
    runs = [];
  };
  for (const item of items) {
    const [, , c = 0, d = 0, x = 0, itemY = 0] = item.transform;
    if (item.str.trim() === '') {
      // pdf.js emits empty items to mark line ends, and whitespace items for gaps: neither is a glyph run.
      eol ||= item.hasEOL;
      continue;
    }
    const size = Math.hypot(c, d) || item.height || 1;
    const last = runs[runs.length - 1];
    const sameLine =
      last !== undefined &&
      !eol &&
      Math.abs(y - itemY) < Math.max(last.size, size) * 0.5 &&
      // Back over the line's own text: overprinted, or the next column at the same height.
      x > last.endX - Math.max(last.size, size) * 0.5;
    if (!sameLine) {
      flush();
      y = itemY;
    }
    runs.push({ text: item.str, x, endX: x + item.width, size });
    eol = item.hasEOL;
  }
  flush();
  return lines.filter((l) => l.text !== '');
}

function toLine(runs: Run[], y: number): Line {
  const spaced = letterSpacedGaps(runs);
  const segments: Segment[] = [];
  let seg: Segment | null = null;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const prev = runs[i - 1];
    const gap = prev ? run.x - prev.endX : 0;
    const em = prev ? Math.min(prev.size, run.size) : run.size;
    if (seg && gap > SEGMENT_GAP_EM * em && spaced[i] === undefined) {
      segments.push(seg);
      seg = null;
    }
    if (!seg) {
      seg = { text: run.text, x: run.x, endX: run.endX };
      continue;
    }
    const threshold = spaced[i] ?? 0.1 * em;
    if (gap > threshold && !/\s$/u.test(seg.text) && !/^\s/u.test(run.text)) seg.text += ' ';
    seg.text += run.text;
    seg.endX = Math.max(seg.endX, run.endX);
  }
  if (seg) segments.push(seg);
  // NUL characters come from fonts without a usable ToUnicode map; they are not text.
  for (const s of segments) s.text = s.text.replaceAll('\0', ' ').replace(/\s+/gu, ' ').trim();
  const kept = segments.filter((s) => s.text !== '');
  return {
    text: kept.map((s) => s.text).join(' '),
    x: kept[0]?.x ?? runs[0]!.x,
    endX: Math.max(...runs.map((r) => r.endX)),
    y,
    size: Math.max(...runs.map((r) => r.size)),
    segments: kept,
  };
}

/**
 * Word-gap thresholds for the gaps inside letter-spaced stretches of a line, by the index of the run after
 * the gap. Letter-spaced text ("H e r e i s", tracking on a heading, a justified line stretched letter by
 * letter) comes as one run per glyph with a steady gap between letters; a word gap is that gap plus a space,
 * clearly wider. So in a stretch of single-glyph runs the gap between letters is the stretch's typical gap,
 * and only gaps wider than it by a good part of a space (0.15 em) separate words.
 */
function letterSpacedGaps(runs: Run[]): (number | undefined)[] {
  const thresholds: (number | undefined)[] = [];
  let i = 0;
  while (i < runs.length) {
    let j = i;
    while (j < runs.length && isGlyph(runs[j]!.text)) j++;
    if (j - i >= MIN_LETTER_SPACED_RUNS) {
      const gaps: number[] = [];
      for (let k = i + 1; k < j; k++) gaps.push(runs[k]!.x - runs[k - 1]!.endX);
      const sorted = [...gaps].sort((a, b) => a - b);
      // The lower quartile: letter gaps outnumber word gaps, so it is a letter gap even in short words.
      const tracking = Math.max(0, sorted[Math.floor((sorted.length - 1) / 4)]!);
      const em = Math.min(...runs.slice(i, j).map((r) => r.size));
      const threshold = tracking + Math.max(0.15 * em, 0.5 * tracking);
      // Far apart single letters (a table of one-letter codes) are not one word: those gaps stay gaps.
      for (let k = i + 1; k < j; k++) if (gaps[k - i - 1]! < SEGMENT_GAP_EM * em) thresholds[k] = threshold;
    }
    i = Math.max(j, i + 1);
  }
  return thresholds;
}

/**
 * One letter (with its combining marks). Digits and symbols do not count: "1 2 3 4" is more likely a row of
 * numbers than a letter-spaced one.
 */
function isGlyph(text: string): boolean {
  return /^\p{L}\p{M}*$/u.test(text.trim());
}
