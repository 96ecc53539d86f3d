import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createStemmer, type IsoCode } from 'multilingual-stemmer';
import { stemmer as porter } from 'stemmer';
import { foldDiacritics, FOLDING_DATA } from './diacritics.js';
import { analysisLanguageOf, STEMMED_LANGUAGES, UNSTEMMED } from './languages.js';
import { STOP_WORDS } from './stop-words.js';
import { normalizeWord, WORD_PATTERN, wordSpans } from './words.js';

/** How text becomes index terms; the same options must analyse the index and its queries. */
export interface LexicalAnalysisOptions {
  /** Fold accents away after stemming (`zurich` finds `Zürich`, `umowe` finds `umowę`). Default true. */
  foldDiacritics?: boolean;
}

/** A word of a text, where it is, and its index term (null for a stop word). */
export interface AnalyzedWord {
  start: number;
  end: number;
  term: string | null;
}

/** Bump when the code below changes the terms it produces: indexes then know to re-index (see signature). */
const ANALYSIS_VERSION = 1;
// Terms of a word are remembered per language up to this many words: a text's vocabulary repeats (Zipf), and a
// cached word costs a Map lookup instead of a call into the stemmer's WebAssembly (~7 µs with its string copy).
const CACHE_SIZE = 100_000;
// Longer "words" are identifiers, hashes or base64, not language: stemming them is wasted work.
const MAX_STEMMED_LENGTH = 64;
const STEMMED = new Set<string>(STEMMED_LANGUAGES);
/**
 * What an index holds in place of a stop word: a term no word can produce (U+00B7 is punctuation, never part
 * of a word) and no query asks for. Stop words are thus unsearchable — German "die" never meets an English
 * query for "die" — while every text keeps its length in words, which BM25's length normalisation reads:
 * dropping them outright cost 0.002 nDCG@10 on SciFact (bench/lexical-quality.bench.ts).
 */
export const STOP_WORD_TERM = '\u00b7';

/**
 * Turns text into the terms a lexical index holds, per language: words (see WORD_PATTERN) are composed and
 * lower-cased; a language's stop words are set apart (STOP_WORD_TERM); the rest are stemmed with that
 * language's Snowball stemmer (`umowy`, `umowie` → `umow`; `Verträgen` → `vertrag`), English with Porter's
 * (`running` → `run`); and, when folding, accents are removed from the stem (stemming first: the stemmers'
 * rules read the accents, e.g. Polish `-ą`, `-ów`).
 *
 * English keeps the original Porter algorithm (the `stemmer` package) rather than Snowball's Porter2: it is
 * what the index used before (SQLite's `porter` tokenizer) and what BM25 baselines use, and Porter2 cost
 * 0.003 nDCG@10 on SciFact.
 *
 * Pure and synchronous (the stemmers are WebAssembly, instantiated when this module loads), so a database can
 * call it from a trigger and any adapter (SQLite FTS5, PostgreSQL tsvector) can index the same terms. Index
 * and query must use one analyzer with the same options; `signature` names what it produces.
 */
export class LexicalAnalyzer {
  /** Identifies the terms this analyzer produces; an index built under another signature must be rebuilt. */
  readonly signature: string;
  private readonly fold: boolean;
  private readonly stopWords = new Map<string, ReadonlySet<string>>();
  private readonly stemmers = new Map<string, (word: string) => string>();
  private readonly cache = new Map<string, Map<string, string | null>>();

  constructor(options: LexicalAnalysisOptions = {}) {
    this.fold = options.foldDiacritics ?? true;
    for (const [language, words] of Object.entries(STOP_WORDS)) {
      this.stopWords.set(language, new Set(words.map(normalizeWord)));
    }
    this.signature = analysisSignature(this.fold);
  }

  /** The analysis language for a document's language tag (see analysisLanguageOf). */
  languageOf(tag: string | null | undefined): string {
    return analysisLanguageOf(tag);
  }

  /**
   * The index term of one word in an analysis language, or null for a stop word (or a word that folds to
   * nothing, such as a lone combining mark).
   */
  term(word: string, language: string): string | null {
    const cache = this.cacheOf(language);
    const term = cache.get(word);
    return term === undefined ? this.remember(cache, word, this.analyze(word, language)) : term;
  }

  /** The index terms of a text in order, each stop word as STOP_WORD_TERM. */
  terms(text: string, language: string): string[] {
    // match(), not wordSpans(): no offsets are needed, and indexing calls this for every chunk.
    const words = text.match(WORD_PATTERN) ?? [];
    const cache = this.cacheOf(language);
    return words.map((word) => {
      let term = cache.get(word);
      if (term === undefined) term = this.remember(cache, word, this.analyze(word, language));
      return term ?? STOP_WORD_TERM;
    });
  }

  /** What an index stores for a text: its terms separated by single spaces (no term holds white space). */
  indexText(text: string | null, language: string): string {
    return text ? this.terms(text, language).join(' ') : '';
  }

  /** Every word of a text with its offsets in `text` and its term: what a highlighter compares to a query's. */
  words(text: string, language: string): AnalyzedWord[] {
    return wordSpans(text).map(({ word, start, end }) => ({ start, end, term: this.term(word, language) }));
  }

  /**
   * The distinct terms of a query in each of `languages`, in the order of the query's words. A query's
   * language is rarely knowable (two or three words), and a user searching documents in several languages
   * expects "umowy" to find Polish contracts whatever else the index holds: so each word contributes its
   * term in every language the searched documents are in. A word that is a stop word in one language
   * (German "die") still counts in another (English "die"); each document was indexed in its own language,
   * so a term only meets the words it stands for there.
   */
  queryTerms(text: string, languages: readonly string[]): string[] {
    const terms = new Set<string>();
    for (const { word } of wordSpans(text)) {
      for (const language of languages) {
        const term = this.term(word, language);
        if (term !== null) terms.add(term);
      }
    }
    return [...terms];
  }

  private cacheOf(language: string): Map<string, string | null> {
    let cache = this.cache.get(language);
    if (!cache) {
      cache = new Map();
      this.cache.set(language, cache);
    }
    return cache;
  }

  private remember(cache: Map<string, string | null>, word: string, term: string | null): string | null {
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(word, term);
    return term;
  }

  private analyze(word: string, language: string): string | null {
    const lower = normalizeWord(word);
    // Stop words are compared as spelled, never folded: folded, Polish "mają" (they have) is "maja" (of May).
    if (this.stopWords.get(language)?.has(lower)) return null;
    const stem = lower.length <= MAX_STEMMED_LENGTH ? this.stemmer(language)(lower) : lower;
    const term = this.fold ? foldDiacritics(stem) : stem;
    return term === '' ? null : term;
  }

  private stemmer(language: string): (word: string) => string {
    let stem = this.stemmers.get(language);
    if (!stem) {
      if (language === 'en') stem = porter;
      else if (language !== UNSTEMMED && STEMMED.has(language)) stem = createStemmer(language as IsoCode);
      else stem = identity;
      this.stemmers.set(language, stem);
    }
    return stem;
  }
}

const identity = (word: string) => word;

/**
 * Everything the terms depend on: this code's version, the stemmer package's version, the stop word lists,
 * the folding table and the option. A library upgrade that changes a stem changes the signature, so indexes
 * re-index instead of silently missing words whose stem moved.
 */
function analysisSignature(fold: boolean): string {
  const data = createHash('sha256')
    .update(JSON.stringify({ stop: STOP_WORDS, stopTerm: STOP_WORD_TERM, folding: FOLDING_DATA }))
    .digest('hex')
    .slice(0, 12);
  const stemmers = `snowball=${versionOf('multilingual-stemmer')} porter=${versionOf('stemmer')}`;
  return `v${ANALYSIS_VERSION} ${stemmers} data=${data} fold=${fold ? 'on' : 'off'}`;
}

/**
 * An installed package's version, from its package.json, found where Node looks for the package (`exports`
 * may hide package.json from resolution, and ESM-only entry points from require.resolve).
 */
function versionOf(name: string): string {
  const dirs = createRequire(import.meta.url).resolve.paths(name) ?? [];
  for (const dir of dirs) {
    const manifest = path.join(dir, name, 'package.json');
    if (existsSync(manifest))
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  throw new Error(`${name} is not installed`);
}
