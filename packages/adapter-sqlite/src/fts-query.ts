/**
 * What the lexical index needs to know about the indexed terms to plan a query: the FTS5 tokenizer's form of
 * a word and how many rows hold it. {@link FtsTermStats} reads both from the real index.
 */
export interface TermStatistics {
  /** The index's term(s) for one word (porter stem, case and diacritics folded); '' when it yields none. */
  stem(word: string): string;
  /** Rows holding the term in any column. */
  documentFrequency(term: string): number;
  /** Rows in the index. */
  rowCount(): number;
}

/**
 * Characters `unicode61` keeps inside a token: letters, numbers, private-use characters, and (with
 * `remove_diacritics`) non-spacing marks, so `e` + U+0301 stays one word. Everything else separates words,
 * FTS5's own syntax (`"`, `*`, `^`, `:`, `-`, `+`, parentheses) included.
 */
const WORD = /[\p{L}\p{N}\p{Co}\p{Mn}]+/gu;

/** The words of free text as the FTS5 tokenizer splits them, lower-cased, in order (repeats kept). */
export function ftsQueryWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * The FTS5 MATCH expression for a user's free text, or null when it holds no word (nothing can match).
 *
 * Every word becomes a string (`"word"`), so nothing in it is read as syntax: `AND`, `NEAR`, `title:` and
 * `x*` are words like any other. The strings are ORed: a chunk matches with any word and BM25 ranks it by how
 * many it holds and how rare they are. Words with the same stem count once (`run` and `running` are one term
 * of the index; twice would weigh it double).
 *
 * Terms in at least half of the rows (and in at least `minCommonRows`) are left out: FTS5's bm25 gives them
 * an idf ≤ 0, clamped to 1e-6, so they cannot change the order of chunks that hold a rarer word, yet their
 * long posting lists are the bulk of a query's cost; the chunks holding only such words would come last with
 * a score of about 0. When no rarer word occurs at all, every word stays, so a query of common words still
 * finds its chunks. Small indexes (below `2 × minCommonRows` rows) keep every word: scoring them all is cheap.
 */
export function ftsMatchExpression(
  text: string,
  stats: TermStatistics,
  options: { minCommonRows?: number } = {},
): string | null {
  const words: { word: string; stem: string }[] = [];
  const stems = new Set<string>();
  for (const word of ftsQueryWords(text)) {
    const stem = stats.stem(word);
    // A word the tokenizer drops entirely would be an empty phrase, which matches nothing.
    if (stem === '' || stems.has(stem)) continue;
    stems.add(stem);
    words.push({ word, stem });
  }
  if (words.length === 0) return null;
  // Function words say nothing about relevance, yet in a small index they are rare enough to score, so a chunk
  // sharing only "in" with the query would rank. A query made only of them keeps them ("to be or not to be").
  const content = words.filter((w) => !ENGLISH_STOPWORDS.has(w.word));
  if (content.length > 0 && content.length < words.length) words.splice(0, words.length, ...content);
  const common = Math.max(stats.rowCount() / 2, options.minCommonRows ?? DEFAULT_MIN_COMMON_ROWS);
  const rare = words.map((w) => ({ ...w, df: stats.documentFrequency(w.stem) })).filter((w) => w.df < common);
  const kept = rare.some((w) => w.df > 0) ? rare : words;
  return kept.map((w) => quote(w.word)).join(' OR ');
}

/** Lucene's English stop words (the classic list BM25 baselines such as Anserini use). */
const ENGLISH_STOPWORDS = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these ' +
    'they this to was will with'
  ).split(' '),
);

/** Below this many rows holding a term, it is never left out of a query. */
export const DEFAULT_MIN_COMMON_ROWS = 1000;

/** An FTS5 string: double quotes around it, inner double quotes doubled. */
export function quote(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}
