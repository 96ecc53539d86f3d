import { WORD_CHAR } from './words.js';

// Shared by the lexical indexes of every backend so snippets look alike; taken from adapter-sqlite's fts-snippet.ts, which should
// import it from here (#14).

/** A matched term in a chunk's content: `content.slice(start, end)`. */
export interface MatchSpan {
  start: number;
  end: number;
}

/** How a snippet is marked and cut. */
export interface SnippetOptions {
  open: string;
  close: string;
  maxChars: number;
}

const ELLIPSIS = '…';

/**
 * The part of `content` (about `maxChars` long) that holds the most distinct matched words, and among those
 * the most matches, with every match in it wrapped in `open`/`close`. The cut falls on word boundaries and is
 * shown by `…`; with no match the snippet is the start of the content. A single match longer than `maxChars`
 * is kept whole.
 */
export function buildSnippet(content: string, spans: readonly MatchSpan[], options: SnippetOptions): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let from = 0;
  let to = content.length;
  if (content.length > options.maxChars) {
    [from, to] = window(content, sorted, options.maxChars);
  }
  const inside = sorted.filter((s) => s.start >= from && s.end <= to);
  let out = from > 0 ? ELLIPSIS : '';
  let at = from;
  for (const span of inside) {
    out += content.slice(at, span.start) + options.open + content.slice(span.start, span.end) + options.close;
    at = span.end;
  }
  out += content.slice(at, to);
  return to < content.length ? out + ELLIPSIS : out;
}

/** [from, to) of the best window, snapped inwards to word boundaries and trimmed of white space. */
function window(content: string, spans: readonly MatchSpan[], maxChars: number): [number, number] {
  const budget = Math.max(1, maxChars - 2 * ELLIPSIS.length);
  let first = 0;
  let last = -1;
  let best = { distinct: 0, count: 0 };
  for (let i = 0; i < spans.length; i++) {
    const words = new Set<string>();
    let j = i;
    while (j < spans.length && spans[j]!.end - spans[i]!.start <= budget) {
      words.add(content.slice(spans[j]!.start, spans[j]!.end).toLowerCase());
      j += 1;
    }
    // A match longer than the budget still forms a window on its own.
    const count = Math.max(1, j - i);
    if (words.size > best.distinct || (words.size === best.distinct && count > best.count)) {
      best = { distinct: Math.max(1, words.size), count };
      first = i;
      last = i + count - 1;
    }
  }
  if (last < 0) return snap(content, 0, Math.min(content.length, budget), 0, 0);
  const left = spans[first]!.start;
  const right = spans[last]!.end;
  // Centre the matches in the window, shifted back inside the content at either end.
  const slack = Math.max(0, budget - (right - left));
  let from = Math.max(0, left - Math.floor(slack / 2));
  const to = Math.min(content.length, Math.max(right, from + budget));
  from = Math.max(0, Math.min(from, to - budget));
  return snap(content, from, to, left, right);
}

/** Moves `from` forward and `to` back to word boundaries without passing the matches in [keepFrom, keepTo). */
function snap(content: string, from: number, to: number, keepFrom: number, keepTo: number): [number, number] {
  const isWord = (i: number) => i >= 0 && i < content.length && WORD_CHAR.test(content[i]!);
  let start = from;
  if (start > 0 && isWord(start - 1)) {
    while (start < keepFrom && isWord(start)) start += 1;
  }
  let end = to;
  if (end < content.length && isWord(end)) {
    while (end > Math.max(keepTo, start) && isWord(end - 1)) end -= 1;
  }
  if (end <= start) {
    // One word longer than the window: cut inside it rather than show nothing.
    start = from;
    end = to;
  }
  while (start < end && /\s/u.test(content[start]!)) start += 1;
  while (end > start && /\s/u.test(content[end - 1]!)) end -= 1;
  // Never split a surrogate pair (an emoji, a letter outside the BMP) at either end.
  if (start > 0 && isLowSurrogate(content.charCodeAt(start))) start += 1;
  if (end < content.length && isLowSurrogate(content.charCodeAt(end))) end -= 1;
  return [start, Math.max(start, end)];
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
