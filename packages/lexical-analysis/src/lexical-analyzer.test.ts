import { describe, expect, it } from 'vitest';
import { LexicalAnalyzer, STOP_WORD_TERM } from './lexical-analyzer.js';

const folding = new LexicalAnalyzer();
const plain = new LexicalAnalyzer({ foldDiacritics: false });

/** The terms of a text that are words, not the place of a stop word. */
const words = (analyzer: LexicalAnalyzer, text: string, language: string) =>
  analyzer.terms(text, language).filter((term) => term !== STOP_WORD_TERM);

/** The term of each word, in one language. */
const terms = (analyzer: LexicalAnalyzer, language: string, words: string[]) =>
  words.map((word) => analyzer.term(word, language));

describe('LexicalAnalyzer', () => {
  it('gives the inflected forms of a Polish noun one term', () => {
    const umowa = ['umowa', 'umowy', 'umowie', 'umowę', 'umową', 'umowach', 'umowami', 'umowom'];
    expect(new Set(terms(folding, 'pl', umowa))).toEqual(new Set(['umow']));
    const faktura = ['faktura', 'faktury', 'fakturę', 'faktur', 'fakturach'];
    expect(new Set(terms(folding, 'pl', faktura))).toEqual(new Set(['faktur']));
    const lekarz = ['lekarz', 'lekarza', 'lekarzowi', 'lekarze', 'lekarzy'];
    expect(new Set(terms(folding, 'pl', lekarz))).toEqual(new Set(['lekarz']));
    // Snowball's Polish stemmer is light: the genitive plural "umów" keeps too little to meet the others.
    expect(folding.term('umów', 'pl')).toBe('um');
  });

  it('gives the inflected forms of a German noun one term, umlauts included', () => {
    const vertrag = ['Vertrag', 'Vertrags', 'Vertrages', 'Verträge', 'Verträgen'];
    expect(new Set(terms(folding, 'de', vertrag))).toEqual(new Set(['vertrag']));
    expect(new Set(terms(plain, 'de', vertrag))).toEqual(new Set(['vertrag']));
    const arzt = ['Arzt', 'Ärzte', 'Ärzten'];
    expect(new Set(terms(folding, 'de', arzt))).toEqual(new Set(['arzt']));
    expect(new Set(terms(folding, 'de', ['Kündigung', 'kündigen']))).toEqual(new Set(['kundig']));
  });

  it("stems English with Porter's original algorithm, as SQLite's porter tokenizer and Lucene do", () => {
    expect(terms(folding, 'en', ['running', 'runs', 'Run', 'runner', 'studies', 'walked'])).toEqual([
      'run',
      'run',
      'run',
      'runner',
      'studi',
      'walk',
    ]);
  });

  it("drops each language's stop words, compared as spelled", () => {
    expect(words(folding, 'Die Verträge und der Mietvertrag', 'de')).toEqual(['vertrag', 'mietvertrag']);
    expect(words(folding, 'Nie wiem, czy to się stało', 'pl')).toEqual(['wiem', 'st']);
    expect(words(folding, 'the plants die in the winter', 'en')).toEqual(['plant', 'die', 'winter']);
    // In the index a stop word leaves a term no query asks for, so texts keep their length for BM25.
    expect(folding.indexText('Die Verträge und der Mietvertrag', 'de')).toBe(
      ['·', 'vertrag', '·', '·', 'mietvertrag'].join(' '),
    );
    expect(folding.queryTerms('die und der', ['de'])).toEqual([]);
    // Content words of the classic Polish list stay ("lat", "zł"), and folding never makes a stop word:
    // "maja" (of May) is not "mają" (they have).
    expect(words(folding, '10 lat, 100 zł, 5 maja', 'pl')).toEqual(['10', 'lat', '100', 'zl', '5', 'maj']);
    expect(folding.term('mają', 'pl')).toBeNull();
  });

  it('folds accents after stemming, or keeps them', () => {
    expect(folding.term('Zürich', 'en')).toBe('zurich');
    expect(folding.term('złoty', 'pl')).toBe(folding.term('zloty', 'pl'));
    expect(folding.term('źródła', 'pl')).toBe(folding.term('zrodla', 'pl'));
    expect(folding.term('Straße', 'en')).toBe('strasse');
    expect(plain.term('Zürich', 'en')).toBe('zürich');
    expect(plain.term('źródła', 'pl')).not.toBe(plain.term('zrodla', 'pl'));
    // Marks that are part of a letter elsewhere (Devanagari vowel signs) are never removed.
    expect(folding.term('हिन्दी', 'none')).toBe('हिन्दी');
    // Composed and decomposed spellings are one word.
    expect(plain.term('cafe\u0301', 'fr')).toBe(plain.term('café', 'fr'));
  });

  it('maps language tags to analysis languages', () => {
    expect(
      ['pl', 'pl-PL', 'POL', 'de_AT', 'deu', 'ger', 'en', 'nb'].map((t) => folding.languageOf(t)),
    ).toEqual(['pl', 'pl', 'pl', 'de', 'de', 'de', 'en', 'no']);
    expect(folding.languageOf(null)).toBe('en');
    expect(folding.languageOf('')).toBe('en');
    expect(folding.languageOf('ja')).toBe('none');
    expect(folding.term('Running', 'none')).toBe('running');
  });

  it('reports each word with its offsets in the original text', () => {
    const text = 'Umowy — „umowie”, ZÜRICH!';
    const words = folding.words(text, 'pl');
    expect(words.map((w) => text.slice(w.start, w.end))).toEqual(['Umowy', 'umowie', 'ZÜRICH']);
    // A foreign name is stemmed as a Polish word would be, the same way in every Polish text and query.
    expect(words.map((w) => w.term)).toEqual(['umow', 'umow', 'zur']);
    expect(folding.indexText(text, 'pl')).toBe('umow umow zur');
    expect(folding.indexText(null, 'pl')).toBe('');
  });

  it('analyses a query in several languages, each distinct term once', () => {
    expect(folding.queryTerms('Umowy die Verträgen', ['pl', 'de'])).toEqual([
      'umow',
      'umowy',
      'die',
      'vertragen',
      'vertrag',
    ]);
    expect(folding.queryTerms('die', ['de'])).toEqual([]);
    expect(folding.queryTerms('"NEAR(x* OR -y)"', ['en'])).toEqual(['near', 'x', 'y']);
    expect(folding.queryTerms(' \t*()"" ', ['en'])).toEqual([]);
  });

  it('names what it produces in its signature, options included', () => {
    expect(folding.signature).toMatch(
      /^v\d+ snowball=\d+\.\d+\.\d+ porter=\d+\.\d+\.\d+ data=[0-9a-f]{12} fold=on$/,
    );
    expect(plain.signature).toBe(folding.signature.replace('fold=on', 'fold=off'));
    expect(new LexicalAnalyzer().signature).toBe(folding.signature);
  });
});
