/** A sentence as a half-open range of UTF-16 offsets: `text.slice(start, end)` is the sentence, trimmed. */
export interface SentenceSpan {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// Abbreviations that never end a sentence in practice: whatever follows continues it.
const ALWAYS_CONTINUES = /(?:^|[\s([{"'])(?:e\.g|i\.e|cf|viz|vs|approx|incl|resp|ca)\.$/i;
// Abbreviations that take a number or reference ("Fig. 2", "Eq. (4)", "pp. 3-4"): joined to what follows only
// when a number, "(" or "[" comes next, since "No." and "Ref." can also end a sentence.
const TAKES_NUMBER = /(?:^|[\s([{"'])(?:figs?|eqs?|refs?|secs?|sect|ch|chap|nos?|vols?|pp?|tab|art|para)\.$/i;
// Titles before a name ("Dr. Smith").
const TITLE = /(?:^|[\s([{"'])(?:dr|mr|mrs|ms|prof|st|mt|sr|jr)\.$/i;
// A segment that is only a list marker ("1.", "b)", "iv."): ICU cuts "1. First step." after the marker.
const BARE_MARKER = /^(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[.)]$/i;
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
const TERMINAL = /[.!?:;…]["')\]}»”’]*$/;
const LIST_ITEM = /^(?:[-*+•▪◦]|\d{1,3}[.)]|[a-z][.)]|[ivxlc]{1,5}[.)])\s/i;

/**
 * Splits text into sentences with exact offsets, for extractive answers and highlighting. Uses ICU's sentence
 * rules (`Intl.Segmenter`) and repairs what they get wrong on technical text:
 * - no break after abbreviations such as "e.g.", "i.e.", "vs.", "Fig. 2", "Eq. (4)", "pp. 3", "Dr. Smith"
 *   (ICU itself keeps decimals like "3.5", versions, and "et al." before a citation, number or lower-case
 *   word; before a capital "et al." usually does end a sentence, so that break stays);
 * - a bare list marker ("1.") stays with its item;
 * - every line break splits (list items, headings, table rows), except a hard-wrapped line: one that does not
 *   end in punctuation, is followed by a single line break and then by a lower-case word that is not a list
 *   marker.
 * Spans are ordered, disjoint, non-empty, trimmed of whitespace, and together cover every non-whitespace
 * character of `text`.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const merged: SentenceSpan[] = [];
  for (const { index, segment } of segmenter.segment(text)) {
    const next = { start: index, end: index + segment.length };
    const previous = merged.at(-1);
    if (previous && continuesSentence(text, previous, next)) previous.end = next.end;
    else merged.push(next);
  }
  const spans: SentenceSpan[] = [];
  for (const span of merged) {
    const trimmed = trimSpan(text, span);
    if (trimmed) spans.push(trimmed);
  }
  return spans;
}

/** Whether the break ICU put between `previous` and `next` is false, so the two belong to one sentence. */
function continuesSentence(text: string, previous: SentenceSpan, next: SentenceSpan): boolean {
  const before = text.slice(previous.start, previous.end);
  const body = before.trimEnd();
  const after = text.slice(next.start, next.end).trimStart();
  if (body === '' || after === '') return false;
  const gap = before.slice(body.length);
  const lineBreaks = gap.match(LINE_BREAK)?.length ?? 0;
  if (lineBreaks === 0) {
    if (ALWAYS_CONTINUES.test(body) || BARE_MARKER.test(body)) return true;
    if (TAKES_NUMBER.test(body)) return /^[\d([]/.test(after);
    if (TITLE.test(body)) return /^\p{Lu}/u.test(after);
    return false;
  }
  if (lineBreaks > 1 || TERMINAL.test(body)) return false;
  const lastLine = body.slice(lastLineStart(body)).trimStart();
  if (lastLine.startsWith('#') || lastLine.startsWith('|')) return false;
  return /^\p{Ll}/u.test(after) && !LIST_ITEM.test(after);
}

function lastLineStart(body: string): number {
  let start = 0;
  for (const match of body.matchAll(LINE_BREAK)) start = match.index + match[0].length;
  return start;
}

function trimSpan(text: string, span: SentenceSpan): SentenceSpan | null {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start < end ? { start, end } : null;
}
