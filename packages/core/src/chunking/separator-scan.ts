import { isCjkSentenceEnd, isWhitespace } from './text-scan.js';

/** Separator levels, best first: blank line, line break, sentence end, any whitespace. */
const PARAGRAPH = 0;
const LINE = 1;
const SENTENCE = 2;
const WORD = 3;
const LEVELS = [PARAGRAPH, LINE, SENTENCE, WORD];

/** A span the scan must not cut inside. */
interface Protected {
  start: number;
  end: number;
}

/**
 * The best chunk end in (lo, hi]: the last position of the best separator level, preferring positions at or
 * past `fillEnd` (so a blank line early in the window does not leave a tiny chunk when a sentence end later
 * on would fill it). A chunk end sits right after non-whitespace, before whitespace (or after a CJK sentence
 * end). Positions strictly inside a `protected` span are skipped. Null when the window holds no separator.
 */
export function findSeparatorCut(
  text: string,
  lo: number,
  hi: number,
  fillEnd: number,
  protectedSpans: readonly Protected[],
): number | null {
  const filled = [-1, -1, -1, -1];
  const early = [-1, -1, -1, -1];
  let anyFilled = false;
  let p = lastStartingBefore(protectedSpans, hi);
  let newlines = newlinesInRun(text, hi);
  let inRun = hi < text.length && isWhitespace(text.charCodeAt(hi));
  let e = hi;
  while (e > lo) {
    while (p >= 0 && (protectedSpans[p] as Protected).start >= e) p--;
    const guard = protectedSpans[p];
    if (guard !== undefined && e > guard.start && e < guard.end) {
      e = guard.start;
      inRun = false;
      newlines = 0;
      continue;
    }
    const code = text.charCodeAt(e - 1);
    if (isWhitespace(code)) {
      newlines += newlineWeight(text, e - 1);
      inRun = true;
      e--;
      continue;
    }
    let level = -1;
    if (inRun) {
      if (newlines >= 2) level = PARAGRAPH;
      else if (newlines === 1) level = LINE;
      else level = endsSentence(text, e) ? SENTENCE : WORD;
    } else if (isCjkSentenceEnd(code)) {
      level = SENTENCE;
    }
    if (level >= 0) {
      if (e >= fillEnd) {
        if (filled[level] === -1) filled[level] = e;
        anyFilled = true;
        if (level === PARAGRAPH) break;
        // Only a line break further left could still beat a sentence end; skip the walk when there is none.
        if (level !== WORD && !hasLineBreak(text, fillEnd, e)) break;
      } else {
        // Everything further left is short of the fill; a filled candidate already wins.
        if (anyFilled) break;
        if (early[level] === -1) early[level] = e;
      }
    }
    inRun = false;
    newlines = 0;
    e--;
  }
  for (const level of LEVELS) if ((filled[level] as number) >= 0) return filled[level] as number;
  for (const level of LEVELS) if ((early[level] as number) >= 0) return early[level] as number;
  return null;
}

const LINE_BREAK = /[\n\v\f\r\u2028\u2029]/u;

// On a slice, so the search stops at `to` instead of running on through the rest of the text.
function hasLineBreak(text: string, from: number, to: number): boolean {
  return from < to && LINE_BREAK.test(text.slice(from, to));
}

function lastStartingBefore(spans: readonly Protected[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[mid] as Protected).start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// A form feed (page break in pdftotext output) and U+2029 separate paragraphs on their own; \r\n is one break.
function newlineWeight(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code === 0x0a || code === 0x0b || code === 0x2028) return 1;
  if (code === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? 0 : 1;
  if (code === 0x0c || code === 0x2029) return 2;
  return 0;
}

/** Line-break weight of the whitespace run starting at `from`, counted up to 2. */
function newlinesInRun(text: string, from: number): number {
  let count = 0;
  for (let i = from; i < text.length && count < 2 && isWhitespace(text.charCodeAt(i)); i++) {
    count += newlineWeight(text, i);
  }
  return count;
}

const SENTENCE_END = new Set(['.', '?', '!', '…']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);

function endsSentence(text: string, end: number): boolean {
  const last = text[end - 1] as string;
  if (SENTENCE_END.has(last)) return true;
  return CLOSERS.has(last) && end >= 2 && SENTENCE_END.has(text[end - 2] as string);
}
