import { AppError } from '../errors.js';
import type { DetectedType, ExtractedText } from './extraction.types.js';

/**
 * Share of the judged characters (not whitespace) that are not text, from which an extraction is refused.
 * Measured: prose in 15 languages and scripts (text-quality.test.ts) scores 0, technical Chinese with Latin
 * names inside 0.04; the text Sift extracts from the 120-odd readable files of the Tika extraction corpus
 * scores at most 0.01 (two outputs that are themselves garbage: 0.08 and 0.11). Random bytes read as UTF-16
 * (what LibreOffice makes of a damaged .doc) score 0.26–0.29 and never below 0.17 once 200 characters are
 * judged; random bytes decoded as UTF-8 or a legacy CJK charset score 0.2–0.7. At 0.15 a damaged passage or a
 * few letters in a wrong charset never refuse a document, while text made of random bytes is refused.
 */
export const UNREADABLE_SHARE = 0.15;

/**
 * Below this many judged characters, letters of different scripts side by side (a formula, a product code) say
 * too little, and only the non-text characters count. Random bytes that short are caught by those alone.
 */
export const MIN_JUDGED_FOR_SCRIPT_MIX = 50;

/** Longer texts (UTF-16 units) are judged on 16 evenly spread windows, at the same cost whatever their length. */
const SAMPLE_UNITS = 64 * 1024;
const SAMPLE_WINDOWS = 16;

/**
 * Formats that are nothing but text: with no word in them the file is empty in all but its bytes, so the
 * document fails. Every other format may legitimately carry no text Sift can read (a photo, silence, a scan
 * OCR found nothing on, an office file holding only pictures, an empty archive) and is processed with a
 * warning instead.
 */
const TEXT_ONLY_FORMATS: ReadonlySet<string> = new Set(['txt', 'md', 'html', 'csv', 'tsv', 'json']);

/** How an extracted text reads. */
export type TextVerdict = 'ok' | 'empty' | 'unreadable';

export interface TextAssessment {
  verdict: TextVerdict;
  /** Characters judged: every non-whitespace code point of the text (or of its sample windows). */
  judged: number;
  /** Share of the judged characters that are not text (see {@link assessText}), 0..1. */
  nonTextShare: number;
}

/** A problem that did not stop the extraction, with a stable code the API shows next to the message. */
export interface ExtractionWarning {
  code: string;
  message: string;
}

// Classes of a code point; values >= 0 are the script family of a letter.
const WHITESPACE = -1;
const JUNK = -2;
/** Combining marks and format characters (ZWJ, ZWNJ, soft hyphen) belong to the letter they follow. */
const TRANSPARENT = -3;
const OTHER = -4;
const LATIN = 0;
const CJK = 1;

/**
 * Not text: U+FFFD (what a decoder leaves for bytes it cannot map), control characters other than the
 * whitespace ones, unassigned code points, private-use characters and lone surrogates.
 */
const JUNK_CHAR = /[\uFFFD\p{Cc}\p{Cn}\p{Co}\p{Cs}]/u;
const SPACE_CHAR = /\s/u;
const TRANSPARENT_CHAR = /[\p{M}\p{Cf}]/u;
const LETTER_CHAR = /\p{L}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * Han, kana, Bopomofo and Hangul are one family: Japanese mixes Han and kana inside words, Korean puts hanja
 * next to Hangul particles, Chinese annotates with Bopomofo.
 */
const CJK_CHAR = /[\p{sc=Hani}\p{sc=Hira}\p{sc=Kana}\p{sc=Bopo}\p{sc=Hang}]/u;
/** Every other script of Unicode 14 (ISO 15924 codes); a letter of a newer one gets a family of its own. */
const SCRIPTS = (
  'Latn Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Bhks Brah Brai Bugi Buhd Cakm Cans Cari ' +
  'Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi Geor Glag Gong Gonm Goth ' +
  'Gran Grek Gujr Guru Hano Hatr Hebr Hluw Hmng Hmnp Hung Ital Java Kali Khar Khmr Khoj Kits Knda Kthi Lana ' +
  'Laoo Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi Mong Mroo ' +
  'Mtei Mult Mymr Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Orkh Orya Osge Osma Ougr Palm Pauc Perm Phag Phli ' +
  'Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sind Sinh Sogd Sogo Sora Soyo Sund ' +
  'Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Toto Ugar Vaii Vith ' +
  'Wara Wcho Xpeo Xsux Yezi Yiii Zanb'
).split(' ');
/** One alternation, so finding a letter's script is one native match instead of 150 calls. */
const SCRIPT_OF = new RegExp(SCRIPTS.map((s) => `(\\p{sc=${s}})`).join('|'), 'u');
const UNLISTED_SCRIPT = 2 + SCRIPTS.length;

/** Classes of the code points met so far; a text uses few distinct ones, so most lookups hit. */
const classCache = new Map<number, number>();
/** Random text meets every code point of the BMP; past this many the cache starts over (a few MB at most). */
const MAX_CACHED = 1 << 17;

function classify(cp: number): number {
  if (cp < 0x80) {
    if (cp === 0x20 || (cp >= 0x09 && cp <= 0x0d)) return WHITESPACE;
    if (cp < 0x20 || cp === 0x7f) return JUNK;
    return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? LATIN : OTHER;
  }
  const cached = classCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let cls: number;
  if (SPACE_CHAR.test(ch)) cls = WHITESPACE;
  else if (JUNK_CHAR.test(ch)) cls = JUNK;
  else if (TRANSPARENT_CHAR.test(ch)) cls = TRANSPARENT;
  else if (!LETTER_CHAR.test(ch)) cls = OTHER;
  else if (CJK_CHAR.test(ch)) cls = CJK;
  else {
    const match = SCRIPT_OF.exec(ch);
    const group = match ? match.findIndex((g, i) => i > 0 && g !== undefined) : -1;
    // Group 1 is Latin (family 0); the others follow CJK (family 1).
    cls = group === 1 ? LATIN : group > 1 ? group : UNLISTED_SCRIPT;
  }
  if (classCache.size >= MAX_CACHED) classCache.clear();
  classCache.set(cp, cls);
  return cls;
}

/** Counts of one window: judged characters, non-text ones, and letters stranded between foreign ones. */
interface Tally {
  judged: number;
  junk: number;
  islands: number;
}

/**
 * Random 16-bit units are letters of a dozen scripts in a row. A letter is an island when what stands right
 * before and right after it (marks skipped) is a letter of another script family or a non-text character.
 * Real text changes script in runs, at word boundaries, so islands are rare: the "A" of Chinese "用A股" is
 * one, but such letters come a few in a hundred at most, where random UTF-16 has one in seven.
 */
function tallyWindow(text: string, from: number, to: number, tally: Tally): void {
  const classes: number[] = [];
  for (let i = from; i < to;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const cls = classify(cp);
    if (cls === WHITESPACE) {
      classes.push(cls);
      continue;
    }
    tally.judged++;
    if (cls === JUNK) tally.junk++;
    if (cls !== TRANSPARENT) classes.push(cls);
  }
  const foreign = (neighbour: number | undefined, family: number): boolean =>
    neighbour === JUNK || (neighbour !== undefined && neighbour >= 0 && neighbour !== family);
  for (let k = 0; k < classes.length; k++) {
    const family = classes[k]!;
    if (family >= 0 && foreign(classes[k - 1], family) && foreign(classes[k + 1], family)) tally.islands++;
  }
}

/** Start of a window moved off the second half of a surrogate pair. */
function alignStart(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  return unit >= 0xdc00 && unit <= 0xdfff && i > 0 ? i + 1 : i;
}

/**
 * Judges an extracted text: `empty` when it holds no word (no letter, no digit: whitespace and punctuation
 * only); `unreadable` when at least {@link UNREADABLE_SHARE} of its characters are not text — U+FFFD, control
 * characters other than tab/LF/VT/FF/CR, unassigned, private-use or lone surrogate code points — or, with
 * enough characters to tell, letters each in a different script from its neighbours (random bytes read as
 * UTF-16: Han, Hangul, Yi, Ethiopic… side by side). Linear in the text; long texts are judged on 16 spread
 * windows of 4096 units, only the search for a word reads the whole text (and stops at the first).
 */
export function assessText(text: string): TextAssessment {
  const tally: Tally = { judged: 0, junk: 0, islands: 0 };
  if (text.length <= SAMPLE_UNITS) tallyWindow(text, 0, text.length, tally);
  else {
    const size = SAMPLE_UNITS / SAMPLE_WINDOWS;
    const step = (text.length - size) / (SAMPLE_WINDOWS - 1);
    for (let w = 0; w < SAMPLE_WINDOWS; w++) {
      const start = alignStart(text, Math.floor(w * step));
      tallyWindow(text, start, alignStart(text, Math.min(text.length, start + size)), tally);
    }
  }
  if (tally.judged === 0) return { verdict: 'empty', judged: 0, nonTextShare: 0 };
  const nonText = tally.junk + (tally.judged >= MIN_JUDGED_FOR_SCRIPT_MIX ? tally.islands : 0);
  const nonTextShare = nonText / tally.judged;
  const verdict = nonTextShare >= UNREADABLE_SHARE ? 'unreadable' : WORD_CHAR.test(text) ? 'ok' : 'empty';
  return { verdict, judged: tally.judged, nonTextShare };
}

function emptyMessage(type: Pick<DetectedType, 'extension' | 'category'>): string {
  switch (type.category) {
    case 'image':
      return 'No text was recognised in the image';
    case 'audio':
      return 'No speech was recognised in the audio';
    case 'archive':
      return 'The archive holds no files';
    default:
      return `No text was found in the .${type.extension} file (it may hold only pictures or scanned pages)`;
  }
}

/**
 * Applies the verdict of {@link assessText} to an extraction of a file of `type`, for the ingest pipeline:
 * - `unreadable` throws `DOCUMENT_UNREADABLE` (user, permanent): a damaged file or a wrong charset, and
 *   trying again reads the same bytes. An archive's text is Sift's own listing of member names and is not
 *   judged; a file with embedded files (an e-mail with attachments) gets a warning instead, so its members
 *   are still processed;
 * - `empty` throws `EMPTY_TEXT` (user, permanent) for formats that are nothing but text (txt, md, html, csv,
 *   tsv, json), and otherwise returns an `EMPTY_TEXT` warning: pictures, silence, scans without text and
 *   office files holding only pictures are legitimately without text, and the document is kept, visibly so;
 * - `ok` returns no warning.
 */
export function checkExtractedText(
  extracted: Pick<ExtractedText, 'text' | 'embedded'>,
  type: Pick<DetectedType, 'extension' | 'category'>,
): ExtractionWarning[] {
  const { verdict, nonTextShare } = assessText(extracted.text);
  if (verdict === 'unreadable' && type.category !== 'archive') {
    const percent = Math.round(nonTextShare * 100);
    const message =
      `The text read from the .${type.extension} file is garbage: ${percent}% of its characters are ` +
      'replacement, control, unassigned or private-use characters or letters of unrelated scripts mixed at ' +
      'random (a damaged file, or text in an unrecognised encoding)';
    if (extracted.embedded.length > 0) return [{ code: 'DOCUMENT_UNREADABLE', message }];
    throw new AppError('DOCUMENT_UNREADABLE', 'user', message, {
      details: { extension: type.extension, nonTextShare: Math.round(nonTextShare * 1000) / 1000 },
      retryable: false,
    });
  }
  if (verdict !== 'empty') return [];
  if (TEXT_ONLY_FORMATS.has(type.extension)) {
    throw new AppError(
      'EMPTY_TEXT',
      'user',
      `The .${type.extension} file contains no words, only whitespace or punctuation`,
      { details: { extension: type.extension }, retryable: false },
    );
  }
  return [{ code: 'EMPTY_TEXT', message: emptyMessage(type) }];
}
