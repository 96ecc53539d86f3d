import iconv from 'iconv-lite';

/** The single-byte Cyrillic code pages still found in old files; chardet knows neither IBM866 nor KOI8-U. */
const CANDIDATES = ['windows-1251', 'koi8-r', 'ibm866', 'iso-8859-5'] as const;
/** Letters of a Cyrillic text are mostly non-ASCII; a Western text has a few accented letters among ASCII. */
const MIN_NON_ASCII_LETTER_SHARE = 0.5;
const MIN_HIGH_BYTES = 8;

const isCyrillic = (c: number) => (c >= 0x410 && c <= 0x44f) || c === 0x401 || c === 0x451;
const isLower = (c: number) => (c >= 0x430 && c <= 0x44f) || c === 0x451;

/**
 * The Cyrillic code page these bytes read best in, or null when they do not look like Cyrillic text. Each
 * candidate decodes the bytes; the one turning most high bytes into Cyrillic letters wins, and among equals
 * the one with more lower-case letters (running text is mostly lower case; the wrong page turns the same bytes
 * into capitals, box drawing or punctuation).
 */
export function guessCyrillicCharset(buf: Uint8Array): string | null {
  let high = 0;
  let asciiLetters = 0;
  for (const b of buf) {
    if (b >= 0x80) high++;
    else if ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) asciiLetters++;
  }
  if (high < MIN_HIGH_BYTES || high / (high + asciiLetters) < MIN_NON_ASCII_LETTER_SHARE) return null;
  let best: { name: string; letters: number; lower: number } | null = null;
  for (const name of CANDIDATES) {
    const text = iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), name);
    let letters = 0;
    let lower = 0;
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      if (isCyrillic(c)) {
        letters++;
        if (isLower(c)) lower++;
      }
    }
    if (!best || letters > best.letters || (letters === best.letters && lower > best.lower))
      best = { name, letters, lower };
  }
  // Most high bytes must have become letters (spaces and punctuation are ASCII in all four pages).
  return best && best.letters >= high * 0.8 ? best.name : null;
}
