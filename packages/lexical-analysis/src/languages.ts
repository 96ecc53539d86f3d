import type { IsoCode } from 'multilingual-stemmer';

/** The analysis language of text whose language is unknown (see analysisLanguageOf). */
export const DEFAULT_LANGUAGE = 'en';
/** The analysis language of text in a language without a stemmer: words are only case- (and accent-) folded. */
export const UNSTEMMED = 'none';

/** Languages the Snowball stemmers (multilingual-stemmer, Snowball 3.1.1) cover, by ISO 639-1 code. */
export const STEMMED_LANGUAGES: readonly IsoCode[] = [
  'ar', 'hy', 'eu', 'ca', 'cs', 'da', 'nl', 'en', 'eo', 'et', 'fi', 'fr', 'de', 'el', 'hi', 'hu', 'id',
  'ga', 'it', 'lt', 'ne', 'no', 'fa', 'pl', 'pt', 'ro', 'ru', 'sr', 'st', 'es', 'sv', 'ta', 'tr', 'yi',
]; // prettier-ignore

// ISO 639-2 (terminology and bibliographic) and 639-3 codes of those languages, as tesseract and some
// metadata name them, and Norwegian's two written standards.
const ALIASES: Readonly<Record<string, IsoCode>> = {
  ara: 'ar', hye: 'hy', arm: 'hy', eus: 'eu', baq: 'eu', cat: 'ca', ces: 'cs', cze: 'cs', dan: 'da',
  nld: 'nl', dut: 'nl', eng: 'en', epo: 'eo', est: 'et', fin: 'fi', fra: 'fr', fre: 'fr', deu: 'de',
  ger: 'de', ell: 'el', gre: 'el', hin: 'hi', hun: 'hu', ind: 'id', gle: 'ga', ita: 'it', lit: 'lt',
  nep: 'ne', nor: 'no', nob: 'no', nno: 'no', nb: 'no', nn: 'no', fas: 'fa', per: 'fa', pol: 'pl',
  por: 'pt', ron: 'ro', rum: 'ro', rus: 'ru', srp: 'sr', sot: 'st', spa: 'es', swe: 'sv', tam: 'ta',
  tur: 'tr', yid: 'yi',
}; // prettier-ignore

const STEMMED = new Set<string>(STEMMED_LANGUAGES);

/**
 * How text of a language tag is analysed: the ISO 639-1 code of its stemmer (`pl`, `de`, `en` …), for tags
 * such as `pl`, `pl-PL`, `de_AT`, `POL` or `deu`; UNSTEMMED for a language without one (`ja`, `zh`);
 * DEFAULT_LANGUAGE for an unknown language (null or empty). Unknown means English because that is how Sift
 * indexed every text before it knew languages, and language detection leaves short texts (titles, captions,
 * short notes) unknown: their words are mostly names and numbers, which English stemming leaves as they are.
 */
export function analysisLanguageOf(tag: string | null | undefined): string {
  const primary = tag?.trim().toLowerCase().split(/[-_]/u)[0];
  if (!primary) return DEFAULT_LANGUAGE;
  if (STEMMED.has(primary)) return primary;
  return ALIASES[primary] ?? UNSTEMMED;
}
