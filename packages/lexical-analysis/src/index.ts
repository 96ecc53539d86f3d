export {
  LexicalAnalyzer,
  STOP_WORD_TERM,
  type AnalyzedWord,
  type LexicalAnalysisOptions,
} from './lexical-analyzer.js';
export { analysisLanguageOf, DEFAULT_LANGUAGE, STEMMED_LANGUAGES, UNSTEMMED } from './languages.js';
export { foldDiacritics } from './diacritics.js';
export { normalizeWord, WORD_CHAR, WORD_PATTERN, wordSpans, type WordSpan } from './words.js';
