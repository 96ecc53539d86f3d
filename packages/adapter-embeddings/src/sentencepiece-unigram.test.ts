import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUnigramTokenizer } from './sentencepiece-unigram.mjs';
import { USE_MULTILINGUAL_FILES } from './use-multilingual-install.js';
import { useMultilingualModelsDir } from './use-multilingual-installed.fixture.js';
import { USE_MULTILINGUAL_MODEL } from './use-multilingual.embedder.js';

const tiny = createUnigramTokenizer({
  normalizer: 'nmt_nfkc',
  addDummyPrefix: true,
  removeExtraWhitespaces: true,
  pieces: [
    ['<unk>', 0, 2],
    ['<s>', 0, 3],
    ['</s>', 0, 3],
    ['▁', -3, 1],
    ['a', -4, 1],
    ['b', -4, 1],
    ['▁ab', -5, 1],
    ['▁a', -4.5, 1],
    ['fi', -2, 1],
  ],
});

describe('createUnigramTokenizer', () => {
  it('takes the most probable segmentation, between BOS and EOS', () => {
    // "▁ab" (-5) beats "▁a" + "b" (-8.5) and "▁" + "a" + "b" (-11).
    expect(tiny.encode('ab')).toEqual([1, 6, 2]);
    expect(tiny.encode('ab', { bosEos: false })).toEqual([6]);
    expect(tiny.encode('a  ba')).toEqual([1, 7, 3, 5, 4, 2]);
  });

  it('normalises like nmt_nfkc: NFKC, controls dropped, whitespace collapsed, words marked with ▁', () => {
    expect(tiny.normalize('\tＡ\u0007 ﬁ \n')).toBe('▁A▁fi');
    expect(tiny.encode(' \n ')).toEqual([1, 2]);
  });

  it('maps a character no piece covers to the unknown piece', () => {
    expect(tiny.encode('aźa', { bosEos: false })).toEqual([7, 0, 4]);
  });
});

// Piece ids from Python's sentencepiece 0.2.3 with the model's sp.model (the one inside the graph), BOS/EOS
// added as the graph's SentencepieceTokenizer op adds them. 182/182 texts of bench/datasets/pl-de also match.
const REFERENCE: [string, number[]][] = [
  ['Kot siedzi na macie.', [1, 33257, 486, 13058, 163, 224, 4092, 8, 2]],
  ['Die Katze sitzt auf der Matte.', [1, 626, 19553, 6, 47211, 341, 99, 9697, 22, 8, 2]],
  [
    'Zażółć gęślą jaźń — źdźbło, łódź!',
    [
      1, 4780, 8819, 48282, 4704, 6, 93466, 103324, 398, 25690, 14205, 6, 127994, 6, 25690, 55870, 305, 4215,
      7, 6, 65823, 55870, 42, 2,
    ],
  ],
  [
    'Größenmaßstäbe für Übermäßige Straßenbäume ß ÄÖÜ',
    [
      1, 21883, 35, 45403, 208, 46394, 463, 8189, 24445, 22, 31098, 58555, 18079, 6, 2152, 17936, 5202, 2690,
      2,
    ],
  ],
  ['  Leerzeichen   doppelt\tund Tab\n', [1, 469, 74, 24543, 55751, 82, 20200, 2]],
  ['Ｆｕｌｌｗｉｄｔｈ ①② ﬁ', [1, 17004, 18027, 488, 7950, 2]],
];

const modelsDir = useMultilingualModelsDir();
describe.skipIf(!modelsDir)(
  'the tokenizer of the installed USE-multilingual (#13: not installed by default)',
  () => {
    it('gives the piece ids Python sentencepiece gives, diacritics and full-width forms included', () => {
      const file = path.join(modelsDir!, USE_MULTILINGUAL_MODEL, USE_MULTILINGUAL_FILES.tokenizer);
      const tokenizer = createUnigramTokenizer(JSON.parse(readFileSync(file, 'utf8')));
      for (const [text, ids] of REFERENCE) expect(tokenizer.encode(text), text).toEqual(ids);
    });
  },
);
