import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { looksLikeEbcdic } from './charset-ebcdic.js';
import { decodeText, looksLikeText } from './text-decoding.js';

const CORPUS = new URL('../../../../shared/datasets/extraction-dev/', import.meta.url).pathname;

describe('EBCDIC', () => {
  it('detects and decodes an undeclared IBM500 text (real mainframe export)', async () => {
    const bytes = await readFile(CORPUS + 'english.cp500.txt');
    expect(looksLikeText(bytes.subarray(0, 65536), true)).toBe(true);
    const { text, encoding } = decodeText(bytes);
    expect(encoding).toBe('ibm500');
    expect(text).toContain('IntelliStation POWER');
    expect(text).not.toContain('\r');
  });

  it('decodes declared EBCDIC pages, Arabic IBM420 included, and turns NEL into a line end', () => {
    const ebcdic = Buffer.from([0xc8, 0x85, 0x93, 0x93, 0x96, 0x15, 0xe6, 0x96, 0x99, 0x93, 0x84]);
    expect(decodeText(ebcdic, 'IBM037').text).toBe('Hello\nWorld');
    const arabic = iconv.encode('مرحبا', 'ibm420');
    expect(decodeText(arabic, 'ibm-420').text).toBe('مرحبا');
  });

  it('leaves ASCII, UTF-8 and Shift_JIS text alone', async () => {
    expect(looksLikeEbcdic(Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(4)))).toBe(
      false,
    );
    expect(looksLikeEbcdic(iconv.encode('日本語のテキストです。東京と大阪。'.repeat(5), 'shift_jis'))).toBe(
      false,
    );
    expect(decodeText(await readFile(CORPUS + 'russian.cp866.txt')).encoding).toBe('ibm866');
  });
});
