import iconv from 'iconv-lite';
import { EBCDIC_TABLES } from './charset-ebcdic-tables.js';

/** The EBCDIC page an undeclared EBCDIC text is read as: IBM500 (international Latin-1), as Tika does. */
export const DEFAULT_EBCDIC = 'ibm500';

/** Names mainframe tools and MIME headers use besides `ibmNNN` / `cpNNN`. */
const EXTRA_ALIASES: Record<string, string> = {
  ebcdiccpus: '037',
  ebcdiccpca: '037',
  ebcdiccpnl: '037',
  ebcdiccpbe: '500',
  ebcdiccpch: '500',
  ebcdiccpar1: '420',
  ebcdiccphe: '424',
};

let registered = false;

/**
 * Teaches iconv-lite the EBCDIC code pages (IBM037, IBM500, IBM420, IBM424, IBM1047 …), which it lacks, as
 * ordinary single-byte codecs, under the names `ibmNNN`, `cpNNN`, `csibmNNN` and `x-ibmNNN` (leading zeros
 * optional). Idempotent; names iconv-lite already knows are left alone.
 */
export function registerEbcdicCharsets(): void {
  if (registered) return;
  registered = true;
  // iconv-lite loads its own tables lazily and replaces `encodings` when it does: make it load them first.
  iconv.encodingExists('utf-8');
  const encodings = (iconv as unknown as { encodings: Record<string, unknown> }).encodings;
  const define = (alias: string, page: string): void => {
    encodings[alias] ??= { type: '_sbcs', chars: EBCDIC_TABLES[page]! };
  };
  for (const page of Object.keys(EBCDIC_TABLES)) {
    for (const n of new Set([page, String(Number(page))])) {
      for (const prefix of ['ibm', 'cp', 'csibm', 'xibm']) define(`${prefix}${n}`, page);
    }
  }
  for (const [alias, page] of Object.entries(EXTRA_ALIASES)) define(alias, page);
}

/** Bytes that are letters in every Latin EBCDIC page: a–i, j–r, s–z, A–I, J–R, S–Z. */
function isEbcdicLetter(b: number): boolean {
  const low = b & 0x0f;
  const high = b & 0xf0;
  if (high === 0x80 || high === 0x90 || high === 0xc0 || high === 0xd0) return low >= 1 && low <= 9;
  if (high === 0xa0 || high === 0xe0) return low >= 2 && low <= 9;
  return false;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * Whether the bytes look like EBCDIC text rather than an ASCII-based charset: EBCDIC puts the space at 0x40
 * and letters and digits above 0x80, so running text is mostly those bytes with hardly any ASCII letter,
 * while Shift_JIS, GBK or Big5 — which also live above 0x80 — neither space with 0x40 nor decode to
 * letters in EBCDIC without many control characters.
 */
export function looksLikeEbcdic(buf: Uint8Array): boolean {
  const sample = buf.subarray(0, SAMPLE_BYTES);
  if (sample.length < 16) return false;
  let spaces = 0;
  let wordBytes = 0;
  let asciiLetters = 0;
  for (const b of sample) {
    if (b === 0x40) spaces++;
    else if (isEbcdicLetter(b) || (b >= 0xf0 && b <= 0xf9)) wordBytes++;
    else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) asciiLetters++;
  }
  const n = sample.length;
  if (spaces < n * 0.05 || spaces + wordBytes < n * 0.6 || asciiLetters > n * 0.1) return false;
  registerEbcdicCharsets();
  const text = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), DEFAULT_EBCDIC);
  let controls = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    // TAB, LF, CR and NEL (EBCDIC's own new line, 0x15) are line structure, not noise.
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c < 0xa0 && c !== 0x85)) controls++;
  }
  return controls <= n * 0.01;
}
