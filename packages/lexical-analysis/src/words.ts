/**
 * What counts as a word: a run of letters, numbers, combining marks (so `e` + U+0301, or a Devanagari vowel
 * sign, stays inside its word) and private-use characters. Everything else separates words — white space,
 * punctuation, symbols, and every character of a search engine's query syntax (`"`, `*`, `^`, `:`, `-`, `+`,
 * parentheses), so a word never carries syntax into a query.
 */
export const WORD_PATTERN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** One character of a word (see WORD_PATTERN); a cut between two of them would split a word. */
export const WORD_CHAR = /[\p{L}\p{N}\p{M}\p{Co}]/u;

/** A word of a text and where it is: `text.slice(start, end) === word`. */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/** The words of `text` in order, with their offsets in `text` itself (UTF-16 code units, as JS strings). */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD_PATTERN)) {
    spans.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

/**
 * A word as analysis sees it: composed (NFC, so a precomposed `ü` and `u` + U+0308 are one spelling) and
 * lower-cased. Normalised word by word, never the whole text, so offsets stay those of the original text.
 */
export function normalizeWord(word: string): string {
  return word.normalize('NFC').toLowerCase();
}
