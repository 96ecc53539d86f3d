import chardet from 'chardet';
import iconv from 'iconv-lite';
import { DEFAULT_EBCDIC, looksLikeEbcdic, registerEbcdicCharsets } from './charset-ebcdic.js';
import { guessCyrillicCharset } from './cyrillic-charset.js';

// Declared EBCDIC charsets (an HTML meta tag saying IBM420, a mainframe export) must be known to iconv-lite.
registerEbcdicCharsets();

/** A decoded text and the charset it was read as. */
export interface DecodedText {
  text: string;
  /** Lower-case charset name, e.g. `utf-8`, `utf-16le`, `windows-1250`. */
  encoding: string;
}

/** chardet's confidence (0..100) from which a single-byte guess counts as text rather than binary noise. */
const MIN_CHARSET_CONFIDENCE = 20;

const BOMS: { bytes: number[]; encoding: string }[] = [
  // UTF-32LE first: its BOM starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** The charset a byte-order mark announces, with the BOM length, or null. */
export function detectBom(buf: Uint8Array): { encoding: string; length: number } | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => buf[i] === b)) return { encoding: bom.encoding, length: bom.bytes.length };
  }
  return null;
}

/**
 * Whether the bytes are valid UTF-8. With `truncated`, an incomplete sequence at the very end is allowed (a
 * head read from a longer file may cut a character in two).
 */
export function isValidUtf8(buf: Uint8Array, truncated = false): boolean {
  let end = buf.length;
  if (truncated) {
    // Step back over at most 3 continuation bytes to the lead byte of a possibly cut sequence.
    let i = end - 1;
    while (i >= 0 && i >= end - 3 && (buf[i]! & 0xc0) === 0x80) i--;
    if (i >= 0 && buf[i]! >= 0xc0) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM: most ASCII-range characters leave a zero byte on every other position. */
function guessBomlessUtf16(buf: Uint8Array): string | null {
  const n = Math.min(buf.length - (buf.length % 2), 4096);
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZeros++;
    if (buf[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * The charset chardet is confident in for these bytes, or null. Its UTF-16/UTF-32 guesses are left out:
 * without a BOM they are guessed from a single byte (one byte 0x80–0xFF is "UTF-32LE, confidence 80", which
 * decodes to U+FFFD), and real BOM-less UTF-16 is recognised by its zero bytes (guessBomlessUtf16).
 */
function confidentCharset(buf: Uint8Array): string | null {
  const best = chardet.analyse(buf).find((match) => !/^utf-(16|32)/iu.test(match.name));
  if (!best || best.confidence < MIN_CHARSET_CONFIDENCE) return null;
  const name = best.name.toLowerCase();
  return iconv.encodingExists(name) ? name : null;
}

/**
 * A declared charset the bytes can be held to: a Unicode one is a lie when the bytes are not valid UTF-8 (a
 * UTF-16 page cannot declare itself in ASCII-compatible bytes; the BOM already decided real UTF-16), so it is
 * ignored and the bytes are detected instead — an Arabic windows-1256 page declaring UTF-8 would otherwise
 * read as nothing but U+FFFD.
 */
function usableHint(hint: string | undefined): string | null {
  const lower = hint?.trim().toLowerCase();
  if (!lower || !iconv.encodingExists(lower)) return null;
  return /^(utf-?8|utf-?16|utf-?32|ucs-?2|unicode)/u.test(lower) ? null : lower;
}

/**
 * Whether a file head is text: a BOM, or no NUL bytes and few control characters, and valid UTF-8 or a
 * charset chardet is confident in. `truncated` says the head was cut from a longer file.
 */
export function looksLikeText(head: Uint8Array, truncated: boolean): boolean {
  if (head.length === 0) return true;
  const bom = detectBom(head);
  if (bom) return true;
  if (guessBomlessUtf16(head)) return true;
  // EBCDIC text ends its lines with NEL (0x15), which would count as a control character below.
  if (looksLikeEbcdic(head)) return true;
  let controls = 0;
  for (const b of head) {
    if (b === 0) return false;
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) are normal in text files.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) controls++;
  }
  if (controls > head.length * 0.01) return false;
  return (
    isValidUtf8(head, truncated) || confidentCharset(head) !== null || guessCyrillicCharset(head) !== null
  );
}

/**
 * Unifies line ends to LF (CRLF, lone CR, and NEL — the line end of EBCDIC text), so offsets built afterwards
 * refer to one form.
 */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?|\u0085/gu, '\n');
}

/**
 * Decodes a text file: a BOM decides, then valid UTF-8, then UTF-16 without a BOM, then the charset
 * `hint` (e.g. from an HTML meta tag) when iconv knows it and the bytes do not contradict it, then EBCDIC
 * (IBM500) when the bytes look like it, then chardet's guess, then a Cyrillic code page the bytes read as (IBM866, KOI8-R… which chardet does not know), then
 * windows-1252 (which maps every byte). The BOM is removed and line ends become LF.
 */
export function decodeText(buf: Uint8Array, hint?: string): DecodedText {
  const bom = detectBom(buf);
  let encoding: string;
  let body = buf;
  if (bom) {
    encoding = bom.encoding;
    body = buf.subarray(bom.length);
  } else if (isValidUtf8(buf)) {
    encoding = 'utf-8';
  } else {
    encoding =
      guessBomlessUtf16(buf) ??
      usableHint(hint) ??
      (looksLikeEbcdic(buf) ? DEFAULT_EBCDIC : null) ??
      confidentCharset(buf) ??
      guessCyrillicCharset(buf) ??
      'windows-1252';
  }
  const text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding, {
    stripBOM: true,
  });
  return { text: normaliseNewlines(text), encoding };
}
