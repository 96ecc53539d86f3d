import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors.js';
import type { DetectedType } from './extraction.types.js';
import { assessText, checkExtractedText, UNREADABLE_SHARE } from './text-quality.js';

const SEEDS = fileURLToPath(new URL('../../../../../shared/seeds/', import.meta.url));

/**
 * Real prose: article 1 of the Universal Declaration of Human Rights in its official translations, the
 * Python test suite's CJK sample texts (Latin words inside Chinese, Japanese and Korean, hanja in Korean),
 * and Korean in the mixed script of its constitution.
 */
const REAL_TEXT: Record<string, string> = {
  zh: '人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。Python（派森）语言是一种功能强大而完善的通用型计算机程序设计语言，已经具有十多年的发展历史，成熟且稳定。这种语言具有非常简捷而清晰的语法特点，适合完成各种高层任务，几乎可以在所有的操作系统中运行。',
  zhTechnical:
    '使用Python编程时，可以调用NumPy和pandas库处理CSV数据，也可以用A股数据做K线分析。安装时运行pip install命令即可。',
  ja: 'すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。Python の開発は、1990 年ごろから開始されています。開発者の Guido van Rossum は教育用のプログラミング言語「ABC」の開発に参加していましたが、ABC は実用上の目的にはあまり適していませんでした。',
  ko: '모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. 인간은 천부적으로 이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다. 파이썬(Python)은 배우기 쉽고, 강력한 프로그래밍 언어입니다. 파이썬의 우아(優雅)한 문법과 동적 타이핑, 그리고 인터프리팅 환경은 파이썬을 스크립팅과 여러 분야에서의 이상적인 언어로 만들어줍니다.',
  koHanja:
    '大韓民國은 民主共和國이다. 大韓民國의 主權은 國民에게 있고, 모든 權力은 國民으로부터 나온다. 大韓民國의 領土는 韓半島와 그 附屬島嶼로 한다.',
  ar: 'يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء.',
  he: 'כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון, לפיכך חובה עליהם לנהוג איש ברעהו ברוח של אחווה.',
  ru: 'Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью и должны поступать в отношении друг друга в духе братства.',
  el: 'Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα. Είναι προικισμένοι με λογική και συνείδηση, και οφείλουν να συμπεριφέρονται μεταξύ τους με πνεύμα αδελφοσύνης.',
  hi: 'सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है और परस्पर उन्हें भाईचारे के भाव से बर्ताव करना चाहिए।',
  th: 'มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักด์และสิทธิ ต่างมีเหตุผลและมโนธรรม และควรปฏิบัติต่อกันด้วยเจตนารมณ์แห่งภราดรภาพ',
  am: 'የሰው ልጅ ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው። የተፈጥሮ ማስተዋልና ሕሊና ስላለው አንዱ ሌላውን በወንድማማችነት መንፈስ መመልከት ይገባዋል።',
  pl: 'Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. Są oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu braterstwa.',
  de: 'Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen.',
  vi: 'Tất cả mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm và quyền lợi. Mọi con người đều được tạo hóa ban cho lý trí và lương tâm.',
  polishSpec: readFileSync(`${SEEDS}000_21826b537d1d0e3f.txt`, 'utf8'),
  germanSpec: readFileSync(`${SEEDS}001_35e58d689833f530.txt`, 'utf8'),
};

/** Deterministic bytes (mulberry32), so a failure replays exactly. */
function randomBytes(length: number, seed: number): Uint8Array {
  let state = seed >>> 0;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return bytes;
}

/** What LibreOffice makes of random bytes in a .doc: UTF-16LE, lone surrogates turned into '?'. */
function utf16Soup(bytes: Uint8Array): string {
  return new TextDecoder('utf-16le').decode(bytes).replace(/\uFFFD/gu, '?');
}

const TXT: DetectedType = { extension: 'txt', contentType: 'text/plain', category: 'document' };
const PDF: DetectedType = { extension: 'pdf', contentType: 'application/pdf', category: 'document' };
const PNG: DetectedType = { extension: 'png', contentType: 'image/png', category: 'image' };
const WAV: DetectedType = { extension: 'wav', contentType: 'audio/wav', category: 'audio' };
const ZIP: DetectedType = { extension: 'zip', contentType: 'application/zip', category: 'archive' };
const EML: DetectedType = { extension: 'eml', contentType: 'message/rfc822', category: 'document' };

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a throw');
}

describe('assessText', () => {
  it.each(Object.entries(REAL_TEXT))('reads real %s text as ok, far below the threshold', (_lang, text) => {
    const result = assessText(text);
    expect(result.verdict).toBe('ok');
    expect(result.nonTextShare).toBeLessThan(UNREADABLE_SHARE / 2);
  });

  it('refuses random bytes read as UTF-16, as LibreOffice reads a damaged .doc, from 200 characters up', () => {
    for (const chars of [200, 1000, 20_000]) {
      for (let seed = 1; seed <= 40; seed++) {
        const result = assessText(utf16Soup(randomBytes(chars * 2, seed * 7919 + chars)));
        expect(result.verdict, `${chars} characters, seed ${seed}`).toBe('unreadable');
      }
    }
  });

  it.each(['utf-8', 'shift_jis', 'gb18030', 'euc-kr', 'big5'])(
    'refuses random bytes decoded as %s',
    (encoding) => {
      for (let seed = 1; seed <= 10; seed++) {
        const text = new TextDecoder(encoding).decode(randomBytes(4000, seed));
        expect(assessText(text).verdict, `seed ${seed}`).toBe('unreadable');
      }
    },
  );

  it('refuses text that is mostly replacement, control, private-use or unassigned characters', () => {
    expect(assessText('\uFFFD').verdict).toBe('unreadable');
    expect(assessText('\u0001\u0002\u0003 \u0010').verdict).toBe('unreadable');
    expect(assessText('\u0085\u0091\u009f').verdict).toBe('unreadable');
    expect(assessText('\uE000\uE123\uF8FF').verdict).toBe('unreadable');
    expect(assessText('\uD800 \uDC00 \uDBFF').verdict).toBe('unreadable');
    expect(assessText('\u0378\u0379\uFFFF').verdict).toBe('unreadable');
    expect(assessText('ab \uFFFD\uFFFD\uFFFD\uFFFD cd').verdict).toBe('unreadable');
  });

  it('keeps text whose few bad characters are a damaged passage or wrongly decoded letters', () => {
    // Polish from windows-1250 read as UTF-8: every letter with a diacritic became U+FFFD (~8% of letters).
    const mangled = REAL_TEXT.pl!.replace(/[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/gu, '\uFFFD');
    expect(assessText(mangled).verdict).toBe('ok');
    const withBullets = ['\uF0B7 first item', '\uF0B7 second item', '\uF0B7 third item'].join('\n');
    expect(assessText(withBullets.repeat(5)).verdict).toBe('ok');
    const damagedPassage = REAL_TEXT.germanSpec!.slice(0, 20_000) + utf16Soup(randomBytes(1000, 3));
    expect(assessText(damagedPassage).verdict).toBe('ok');
    expect(assessText('tab\there, form\ffeed, vertical\vtab, crlf\r\n').verdict).toBe('ok');
  });

  it('calls text without a letter or digit empty', () => {
    for (const text of ['', ' ', '\n\t\r\n  ', '\u00a0\u3000\u2003', '... --- *** ###', '—', '{}[],;']) {
      expect(assessText(text).verdict, JSON.stringify(text)).toBe('empty');
    }
    expect(assessText('  7  ').verdict).toBe('ok');
    expect(assessText('g').verdict).toBe('ok');
    expect(assessText('日').verdict).toBe('ok');
  });

  it('judges a long text on windows spread over all of it, and finds a word anywhere', () => {
    const good = REAL_TEXT.polishSpec!;
    const soup = utf16Soup(randomBytes(2_000_000, 11));
    expect(assessText(good.slice(0, 30_000) + soup.repeat(10)).verdict).toBe('unreadable');
    expect(assessText(good.repeat(400) + soup.slice(0, 30_000)).verdict).toBe('ok');
    expect(assessText(' '.repeat(10_000_000) + 'word').verdict).toBe('ok');
    expect(assessText('. '.repeat(5_000_000)).verdict).toBe('empty');
  });

  it('judges a 50 MB text in well under a second', () => {
    const big = REAL_TEXT.polishSpec!.repeat(Math.ceil(50e6 / REAL_TEXT.polishSpec!.length));
    const soup = utf16Soup(randomBytes(2e6, 5)).repeat(25);
    const started = performance.now();
    expect(assessText(big).verdict).toBe('ok');
    expect(assessText(soup).verdict).toBe('unreadable');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('checkExtractedText', () => {
  const extraction = (text: string, embedded = 0) => ({
    text,
    embedded: Array.from({ length: embedded }, (_, i) => ({ name: `a${i}`, path: `/tmp/a${i}`, size: 1 })),
  });
  const soup = utf16Soup(randomBytes(4000, 42));

  it('returns no warning for readable text', () => {
    expect(checkExtractedText(extraction(REAL_TEXT.ja!), TXT)).toEqual([]);
  });

  it('refuses garbage as DOCUMENT_UNREADABLE, a permanent user error', () => {
    const err = thrown(() =>
      checkExtractedText(extraction(soup), { extension: 'doc', category: 'document' }),
    );
    expect(err).toMatchObject({ code: 'DOCUMENT_UNREADABLE', category: 'user', retryable: false });
    expect(err.message).toMatch(/^The text read from the \.doc file is garbage: \d+% of its characters/u);
    expect(err.details).toMatchObject({ extension: 'doc' });
    expect(thrown(() => checkExtractedText(extraction('\uFFFD'), TXT)).code).toBe('DOCUMENT_UNREADABLE');
  });

  it('fails an empty file of a text-only format with EMPTY_TEXT', () => {
    const err = thrown(() => checkExtractedText(extraction(' \n -- \n'), TXT));
    expect(err).toMatchObject({ code: 'EMPTY_TEXT', category: 'user', retryable: false });
    for (const extension of ['md', 'html', 'csv', 'tsv', 'json']) {
      const type = { extension, category: 'document' as const };
      expect(thrown(() => checkExtractedText(extraction(''), type)).code).toBe('EMPTY_TEXT');
    }
  });

  it('keeps formats that may legitimately hold no text, with an EMPTY_TEXT warning', () => {
    expect(checkExtractedText(extraction(''), PDF)).toEqual([
      {
        code: 'EMPTY_TEXT',
        message: 'No text was found in the .pdf file (it may hold only pictures or scanned pages)',
      },
    ]);
    expect(checkExtractedText(extraction(''), PNG)).toEqual([
      { code: 'EMPTY_TEXT', message: 'No text was recognised in the image' },
    ]);
    expect(checkExtractedText(extraction(''), WAV)).toEqual([
      { code: 'EMPTY_TEXT', message: 'No speech was recognised in the audio' },
    ]);
    expect(checkExtractedText(extraction(''), ZIP)).toEqual([
      { code: 'EMPTY_TEXT', message: 'The archive holds no files' },
    ]);
    for (const extension of ['docx', 'pptx', 'xlsx', 'odt', 'rtf', 'doc', 'eml']) {
      const warnings = checkExtractedText(extraction(''), { extension, category: 'document' });
      expect(warnings.map((w) => w.code)).toEqual(['EMPTY_TEXT']);
    }
  });

  it('does not judge an archive listing, and only warns about a container whose members still count', () => {
    expect(checkExtractedText(extraction(soup), ZIP)).toEqual([]);
    const warnings = checkExtractedText(extraction(soup, 2), EML);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('DOCUMENT_UNREADABLE');
  });
});
