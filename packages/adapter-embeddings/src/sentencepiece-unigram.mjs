// SentencePiece unigram encoding in plain JavaScript (no native module, runs in the embedding worker), for
// models converted by use-multilingual-install.ts: the pieces, their log-probability scores and types, and the
// normaliser settings. Encoding is SentencePiece's: normalise, mark word starts with "▁", then the Viterbi path
// through every segmentation into known pieces (an unknown character costs the lowest score minus 10).
// The normaliser approximates `nmt_nfkc` with Unicode NFKC plus NMT's whitespace and control-character rules;
// the precompiled charsmap differs from NFKC on a few rare characters only.

const UNK_PENALTY = 10;
const TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4 };
// NMT normalisation: C0/C1 controls are dropped, other line and space separators become a space (control
// characters are what these patterns are for).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const SPACES = /[\t\n\r\u000B\u000C\u0085\u00A0\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000]/g;

/**
 * @param {{ normalizer: string, addDummyPrefix: boolean, removeExtraWhitespaces: boolean,
 *   pieces: [string, number, number][] }} model
 */
export function createUnigramTokenizer(model) {
  /** @type {Map<string, number>} */
  const ids = new Map();
  let unkId = 0;
  let bosId = -1;
  let eosId = -1;
  let minScore = 0;
  let maxChars = 1;
  model.pieces.forEach(([piece, score, type], id) => {
    if (type === TYPE.unknown) unkId = id;
    else if (type === TYPE.control) {
      if (piece === '<s>') bosId = id;
      if (piece === '</s>') eosId = id;
    } else {
      ids.set(piece, id);
      minScore = Math.min(minScore, score);
      maxChars = Math.max(maxChars, [...piece].length);
    }
  });
  const scores = Float64Array.from(model.pieces, ([, score]) => score);
  const unkScore = minScore - UNK_PENALTY;

  /** @param {string} text */
  function normalize(text) {
    let t = text;
    if (model.normalizer.startsWith('nmt')) t = t.replace(CONTROL, '').replace(SPACES, ' ');
    if (model.normalizer.includes('nfkc')) t = t.normalize('NFKC');
    if (model.removeExtraWhitespaces) t = t.trim().replace(/ {2,}/g, ' ');
    if (t.length === 0) return '';
    return (model.addDummyPrefix ? ' ' + t : t).replace(/ /g, '\u2581');
  }

  /** The piece ids of `text`, without BOS/EOS. */
  function encodePieces(text) {
    const chars = Array.from(normalize(text));
    const n = chars.length;
    if (n === 0) return [];
    const best = new Float64Array(n + 1).fill(-Infinity);
    const from = new Int32Array(n + 1);
    const piece = new Int32Array(n + 1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === -Infinity) continue;
      let s = '';
      let single = false;
      for (let j = i; j < n && j - i < maxChars; j++) {
        s += chars[j];
        const id = ids.get(s);
        if (id === undefined) continue;
        if (j === i) single = true;
        const score = best[i] + scores[id];
        if (score > best[j + 1]) {
          best[j + 1] = score;
          from[j + 1] = i;
          piece[j + 1] = id;
        }
      }
      // A character no piece starts with becomes the unknown piece, so the path never breaks.
      if (!single && best[i] + unkScore > best[i + 1]) {
        best[i + 1] = best[i] + unkScore;
        from[i + 1] = i;
        piece[i + 1] = unkId;
      }
    }
    const out = [];
    for (let end = n; end > 0; end = from[end]) out.push(piece[end]);
    return out.reverse();
  }

  return {
    normalize,
    /** Piece ids of `text`, between BOS and EOS when `bosEos` (what USE's graph expects). */
    encode(text, { bosEos = true } = {}) {
      const pieces = encodePieces(text);
      return bosEos && bosId >= 0 && eosId >= 0 ? [bosId, ...pieces, eosId] : pieces;
    },
  };
}
