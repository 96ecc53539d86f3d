import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, looksLikeText } from './text-decoding.js';

/** Article 1 of the Universal Declaration of Human Rights in its official translations. */
const PROSE = {
  pl: 'Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. Są oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu braterstwa.',
  de: 'Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen.',
  ja: 'すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。',
  zh: '人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。',
  ko: '모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. 인간은 천부적으로 이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다.',
  ru: 'Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью и должны поступать в отношении друг друга в духе братства.',
  ar: 'يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء.',
};

describe('decodeText', () => {
  it.each([
    ['pl', 'windows-1250'],
    ['pl', 'iso-8859-2'],
    ['de', 'windows-1252'],
    ['de', 'iso-8859-1'],
    ['ja', 'shift_jis'],
    ['ja', 'euc-jp'],
    ['zh', 'gb18030'],
    ['ko', 'euc-kr'],
    ['ru', 'windows-1251'],
    ['ru', 'koi8-r'],
    ['ar', 'windows-1256'],
  ] as const)('decodes %s prose in %s exactly', (lang, encoding) => {
    const bytes = iconv.encode(PROSE[lang], encoding);
    expect(looksLikeText(bytes, false)).toBe(true);
    expect(decodeText(bytes).text).toBe(PROSE[lang]);
  });

  it('reads a single byte as one character of a single-byte charset, never as UTF-32 (U+FFFD)', () => {
    for (let byte = 0; byte <= 0xff; byte++) {
      const decoded = decodeText(Uint8Array.of(byte));
      expect(decoded.encoding, `0x${byte.toString(16)}`).not.toMatch(/^utf-(16|32)/u);
      expect(decoded.text.length, `0x${byte.toString(16)}`).toBe(1);
    }
  });

  it('does not call a single byte above 0x7F text', () => {
    for (let byte = 0x80; byte <= 0xff; byte++) {
      expect(looksLikeText(Uint8Array.of(byte), false), `0x${byte.toString(16)}`).toBe(false);
    }
  });

  it('ignores a declared UTF-8 that the bytes contradict and detects their charset', () => {
    const bytes = iconv.encode(PROSE.ar, 'windows-1256');
    const decoded = decodeText(bytes, 'UTF-8');
    expect(decoded.text).toBe(PROSE.ar);
    expect(decoded.encoding).toBe('windows-1256');
    expect(decodeText(bytes, 'utf-16').text).toBe(PROSE.ar);
  });

  it('follows a declared legacy charset, and UTF-8 when the bytes are UTF-8', () => {
    expect(decodeText(iconv.encode(PROSE.pl, 'iso-8859-2'), 'ISO-8859-2').text).toBe(PROSE.pl);
    expect(decodeText(Buffer.from(PROSE.ja, 'utf8'), 'utf-8')).toEqual({ text: PROSE.ja, encoding: 'utf-8' });
  });
});
