// Question words, function words and request verbs ("explain", "tell"): they say how to answer, not what
// about, and an answer sentence rarely repeats them.
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing done down during each either else etc ever ' +
    'every few for from further get gets got had has have having he her here hers him his how however i ' +
    'if in into is it its just me might more most much must my no nor not now of off on once one only or ' +
    'other our ours out over own per please same shall she should so some such than that the their theirs ' +
    'them then there these they this those through thus to too under until up upon us very via was we ' +
    'were what whats when where whether which while who whom whose why will with within without would yes ' +
    'yet you your yours describe explain tell show'
  ).split(' '),
);

// [suffix, replacement, shortest stem left]; longest first, the first that fits is cut. -ed/-er/-ly need a
// longer stem so that "need", "user" and "only" survive.
const SUFFIXES: [string, string, number][] = [
  ['ational', 'at', 3],
  ['ization', 'iz', 3],
  ['fulness', '', 3],
  ['ation', '', 3],
  ['ment', '', 3],
  ['ness', '', 3],
  ['ing', '', 3],
  ['edly', '', 4],
  ['ed', '', 4],
  ['er', '', 4],
  ['ly', '', 4],
];
const TOKEN = /[\p{L}\p{N}]+(?:[_.][\p{L}\p{N}]+)*/gu;

/**
 * A light English stemmer (plural, -ing/-ed/-er/-ly/-ation/-ment/-ness, trailing e, doubled consonant) so
 * "indexes", "indexing" and "indexed" meet at "index" and "configure"/"configured"/"configuring" at
 * "configur". It over-stems rather than under-stems: a false match costs little in sentence ranking, a miss
 * loses the answer.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /[\d_.]/.test(w)) return w;
  if (/ie[sd]$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:[xz]|ch|sh|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const rule = SUFFIXES.find(([suffix, , min]) => w.endsWith(suffix) && w.length - suffix.length >= min);
  if (rule) {
    w = w.slice(0, w.length - rule[0].length) + rule[1];
    // "running" → "runn" → "run"; "stopped" → "stopp" → "stop"; but keep "ll"/"ss"/"zz" ("install",
    // "process").
    if (/([b-df-hj-kmnp-rtv-y])\1$/.test(w)) w = w.slice(0, -1);
  }
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/**
 * The stemmed content words of a text, in order, repeats kept. Identifiers, versions and file names
 * (`SIFT_CHUNK_SIZE`, `node.js`, `3.5`) stay one token and are not stemmed; hyphens and apostrophes split.
 */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [token] of text.toLowerCase().matchAll(TOKEN)) {
    if (STOPWORDS.has(token) || (token.length < 2 && !/\d/.test(token))) continue;
    terms.push(stem(token));
  }
  return terms;
}

// BM25's term-frequency saturation and length normalisation; b is milder than BM25's 0.75 because sentences
// vary less in length than documents and a long sentence is not less of an answer.
const K1 = 1.2;
const B = 0.5;

/**
 * How much of the question each sentence covers, 0..1, BM25-style: every distinct query term q has a weight
 * w(q) = 1 + ln((N + 1) / (df(q) + 1)) over the N sentences (rarer terms count more, and a term every
 * sentence shares still counts 1, since these sentences were all retrieved for the question); a sentence s
 * scores
 *   Σ_{q ∈ s} w(q) · min(1, tf·(k1 + 1) / (tf + k1·(1 − b + b·|s| / avg|s|)))  /  Σ_q w(q)
 * so containing every query term once in a sentence of average length scores 1, and longer sentences get
 * partial credit per term. Returns zeros when the question has no content terms.
 */
export function lexicalRelevance(queryTerms: string[], sentences: string[][]): number[] {
  const query = [...new Set(queryTerms)];
  if (query.length === 0 || sentences.length === 0) return sentences.map(() => 0);
  const counts = sentences.map(termCounts);
  const averageLength = Math.max(
    1,
    sentences.reduce((sum, terms) => sum + terms.length, 0) / sentences.length,
  );
  const weights = query.map((term) => {
    const df = counts.filter((count) => count.has(term)).length;
    return 1 + Math.log((sentences.length + 1) / (df + 1));
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return counts.map((count, i) => {
    const lengthNorm = 1 - B + (B * sentences[i]!.length) / averageLength;
    let score = 0;
    query.forEach((term, j) => {
      const tf = count.get(term) ?? 0;
      if (tf > 0) score += weights[j]! * Math.min(1, (tf * (K1 + 1)) / (tf + K1 * lengthNorm));
    });
    return score / total;
  });
}

/** Cosine similarity of two term bags (0 if either is empty): how far two sentences use the same words. */
export function termCosine(a: string[], b: string[]): number {
  const ca = termCounts(a);
  const cb = termCounts(b);
  let dot = 0;
  for (const [term, n] of ca) dot += n * (cb.get(term) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(ca) * norm(cb));
}

function termCounts(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function norm(counts: Map<string, number>): number {
  let sum = 0;
  for (const n of counts.values()) sum += n * n;
  return Math.sqrt(sum);
}
