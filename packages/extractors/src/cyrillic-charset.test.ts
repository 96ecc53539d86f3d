import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { guessCyrillicCharset } from './cyrillic-charset.js';
import { decodeText } from './text-decoding.js';

const RUSSIAN =
  'В студеную зимнюю пору я из лесу вышел; был сильный мороз. Гляжу, поднимается медленно в гору';

describe('guessCyrillicCharset', () => {
  it.each(['ibm866', 'koi8-r', 'windows-1251', 'iso-8859-5'])('recognises Russian text in %s', (charset) => {
    const bytes = iconv.encode(RUSSIAN, charset);
    expect(guessCyrillicCharset(bytes)).toBe(charset);
    expect(decodeText(bytes)).toMatchObject({ text: RUSSIAN });
  });

  it('leaves Western text with accents to the Western code pages', () => {
    const french = iconv.encode(
      'Le cœur déçu mais l’âme plutôt naïve, Louÿs rêva de crapaüter en canoë.',
      'windows-1252',
    );
    expect(guessCyrillicCharset(french)).toBeNull();
    expect(decodeText(french).encoding).not.toMatch(/1251|koi8|866|8859-5/);
  });

  it('says nothing about plain ASCII or a handful of high bytes', () => {
    expect(guessCyrillicCharset(Buffer.from('just ascii text'))).toBeNull();
    expect(guessCyrillicCharset(iconv.encode('Да', 'ibm866'))).toBeNull();
  });

  it('reads the CP866 file of Tika’s tests', () => {
    const bytes = readFileSync(
      new URL('../../../../shared/datasets/extraction-dev/russian.cp866.txt', import.meta.url),
    );
    expect(decodeText(bytes)).toMatchObject({ encoding: 'ibm866' });
    expect(decodeText(bytes).text).toContain('в студеную зимнюю пору');
  });
});
