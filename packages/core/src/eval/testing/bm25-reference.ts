import type { BeirDocument } from '../beir-dataset.loader.js';

/** BM25 parameters; the defaults are Anserini's (k1 0.9, b 0.4), which the datasets' README figures use. */
export interface Bm25Options {
  k1?: number;
  b?: number;
}

/** A searchable in-memory BM25 index over a corpus. */
export interface Bm25Reference {
  /** Document ids, best first, at most k; documents sharing no term with the query are not returned. */
  search(query: string, k: number): string[];
}

/**
 * Lowercase, split on anything but ASCII letters and digits, no stemming and no stopwords. ASCII, not Unicode
 * classes, because that is what reproduces the README figure (SciFact 0.6670; keeping letters like "é" or
 * "α" inside tokens gives 0.6676).
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== '');
}

/**
 * Test support only: a plain BM25 over title + " " + text, used to check the loader and the metrics end to
 * end against the datasets' published figures, never to serve searches. Scores use Lucene's idf,
 * ln(1 + (N − df + 0.5) / (df + 0.5)); each distinct query term counts once. Those choices are the ones that
 * reproduce the README figures — counting a repeated query term twice gives SciFact 0.6632, text without
 * title 0.6495, Robertson's idf 0.6370. Ties break by document id so that a run is reproducible.
 */
export async function buildBm25Reference(
  corpus: AsyncIterable<BeirDocument>,
  options: Bm25Options = {},
): Promise<Bm25Reference> {
  const k1 = options.k1 ?? 0.9;
  const b = options.b ?? 0.4;
  const ids: string[] = [];
  const lengths: number[] = [];
  // term → [document index, term frequency] pairs, flattened.
  const postings = new Map<string, number[]>();
  for await (const doc of corpus) {
    const index = ids.length;
    ids.push(doc.id);
    const tokens = tokenize(`${doc.title} ${doc.text}`);
    lengths.push(tokens.length);
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [term, tf] of counts) {
      const list = postings.get(term);
      if (list) list.push(index, tf);
      else postings.set(term, [index, tf]);
    }
  }
  const total = ids.length;
  const averageLength = lengths.reduce((sum, length) => sum + length, 0) / Math.max(total, 1);
  const norms = lengths.map((length) => k1 * (1 - b + (b * length) / averageLength));

  return {
    search(query, k) {
      const scores = new Float64Array(total);
      const touched: number[] = [];
      for (const term of new Set(tokenize(query))) {
        const list = postings.get(term);
        if (!list) continue;
        const df = list.length / 2;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        for (let i = 0; i < list.length; i += 2) {
          const doc = list[i]!;
          const tf = list[i + 1]!;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc]! += (idf * tf * (k1 + 1)) / (tf + norms[doc]!);
        }
      }
      return touched
        .sort((x, y) => scores[y]! - scores[x]! || compareIds(ids[x]!, ids[y]!))
        .slice(0, k)
        .map((doc) => ids[doc]!);
    },
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
