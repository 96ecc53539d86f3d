export {
  LexicalAnalyzer,
  STOP_WORD_TERM,
  type AnalyzedWord,
  type LexicalAnalysisOptions,
} from './lexical-analyzer.js';
export { analysisLanguageOf, DEFAULT_LANGUAGE, STEMMED_LANGUAGES, UNSTEMMED } from './languages.js';
export { foldDiacritics } from './diacritics.js';
export { normalizeWord, WORD_CHAR, WORD_PATTERN, wordSpans, type WordSpan } from './words.js';
export {
  DEFAULT_LEXICAL_PRUNING,
  DEFAULT_MIN_COMMON_ROWS,
  planQuery,
  selectQueryTerms,
  type LexicalPruning,
  type QueryPlan,
  type TermStatistics,
} from './query-plan.js';
export { buildSnippet, type MatchSpan, type SnippetOptions } from './snippet.js';
