import { stopwords as SNOWBALL_GERMAN } from '@orama/stopwords/german';
import stopword from 'stopword';

/**
 * Lucene's English stop words: the short list BM25 baselines (Anserini, Elasticsearch's `english` analyzer)
 * index without. A longer list would also drop words that carry meaning in a query ("first", "system").
 */
const ENGLISH = (
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these ' +
  'they this to was will with'
).split(' ');

// Words of the classic Polish list that carry content in invoices, contracts and schedules: "10 lat",
// "w roku 2023", "100 zł", "sposób płatności", "natychmiast wykonalny".
const POLISH_CONTENT_WORDS = new Set([
  'lat',
  'roku',
  'zł',
  'sposób',
  'daleko',
  'dobrze',
  'możliwe',
  'natychmiast',
  'dziś',
  'dzisiaj',
]);

/**
 * Stop words per analysis language. German: Snowball's list (the one Lucene's GermanAnalyzer uses), as
 * shipped by @orama/stopwords. Polish: the classic list of the `stopword` package (Snowball has none), less
 * the content words above. Other languages are stemmed but keep every word: their function words are common
 * enough that BM25 gives them almost no weight, and a query planner may leave them out (see fts-query).
 */
export const STOP_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ENGLISH,
  de: SNOWBALL_GERMAN,
  pl: stopword.pol.filter((word) => !POLISH_CONTENT_WORDS.has(word)),
};
