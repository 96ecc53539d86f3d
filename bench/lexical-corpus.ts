// Deterministic synthetic text for the lexical latency bench: a Zipf-distributed vocabulary whose head is
// English function words and whose tail is made-up words, so term frequencies look like real prose. Not a
// bench itself.
import { DEFAULT_CHUNKING, type CollectionSettings } from '@sift/core';

const HEAD = (
  'the of and to a in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there been one all we their has would when if so what no out more up some can'
).split(' ');
const SYLLABLES = 'ka ro mi tu se lan dor vex pli qua zen bo ri fa nu gel tor pan sim ho'.split(' ');
const VOCABULARY = 50_000;

export const SETTINGS_FOR_BENCH: CollectionSettings = { chunking: DEFAULT_CHUNKING, ocrLanguages: ['eng'] };

/** Words by rank (Zipf exponent 1) from a seeded generator: `text(n)` is n words joined by spaces. */
export function zipfWords(seed: number): { text(n: number): string } {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff;
    return state / 2 ** 31;
  };
  const vocabulary = Array.from({ length: VOCABULARY }, (_, rank) =>
    rank < HEAD.length ? HEAD[rank]! : made(rank),
  );
  // Cumulative weights 1/rank, searched by bisection.
  const cumulative = new Float64Array(VOCABULARY);
  let total = 0;
  for (let rank = 0; rank < VOCABULARY; rank++) cumulative[rank] = total += 1 / (rank + 1);
  const word = () => {
    const target = random() * total;
    let lo = 0;
    let hi = VOCABULARY - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  return { text: (n) => Array.from({ length: n }, word).join(' ') };
}

/** A made-up word for a rank: syllables spelling the rank in base 20. */
function made(rank: number): string {
  let word = '';
  for (let n = rank; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
}
