// Combining Diacritical Marks (U+0300–U+036F): the accents of Latin, Greek and Cyrillic letters once a word is
// decomposed. Marks of other blocks (Devanagari vowel signs, Hebrew points, Arabic harakat) are letters' parts,
// not accents: removing them would change the word, so they stay.
const ACCENTS = /[\u0300-\u036f]/g;

// Letters with a stroke or ligatures have no Unicode decomposition, so NFD leaves them whole; without this
// table "zloty" would never find "złoty", nor "strasse" "straße".
const LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ø: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
};
const LETTER = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');
// Printable ASCII holds no accent: words made of it (most words) skip normalisation.
const ASCII = /^[\x20-\x7e]*$/;

/**
 * A lower-case word without its accents: `zürich` → `zurich`, `umów` → `umow`, `złoty` → `zloty`,
 * `straße` → `strasse`. Expects the lower-case output of normalizeWord (the table holds lower-case letters).
 */
export function foldDiacritics(word: string): string {
  if (ASCII.test(word)) return word;
  return word
    .normalize('NFD')
    .replace(ACCENTS, '')
    .replace(LETTER, (letter) => LETTERS[letter] ?? letter)
    .normalize('NFC');
}

/** The table and pattern folding depends on, for the analysis signature: changing them changes terms. */
export const FOLDING_DATA = { accents: ACCENTS.source, letters: LETTERS };
