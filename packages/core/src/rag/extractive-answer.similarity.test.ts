import { describe, expect, it } from 'vitest';
import type { Embedder, EmbedderInfo, EmbeddingKind } from '../ports/embedder.port.js';
import { FakeEmbedder } from '../testing/fake-embedder.js';
import { extractAnswer, type AnswerPassage, type ExtractiveOptions } from './extractive-answer.js';

/** Gives each known text a chosen vector (normalised), so a test decides every cosine; unknown texts fail. */
class TableEmbedder implements Embedder {
  constructor(private readonly table: Record<string, number[]>) {}

  async info(): Promise<EmbedderInfo> {
    return { model: 'table', dimensions: 4 };
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    return texts.map((text) => {
      const vector = this.table[text];
      if (!vector) throw new Error(`no vector for ${text}`);
      const norm = Math.hypot(...vector);
      return Float32Array.from(vector, (v) => v / norm);
    });
  }

  async close(): Promise<void> {}
}

// No word of the question occurs in these sentences, nor do they share words: relevance and redundancy come
// from the vectors alone. cos(q, X) = 0.75, cos(q, Y) = 0.6, cos(q, Z) = 0.55; cos(X, Y) = 0.65, cos(X, Z) =
// 0.41.
const QUESTION = 'Which option controls ingestion throughput?';
const X = 'Raise the worker concurrency setting for faster imports.';
const Y = 'Parallel jobs speed up large batches considerably.';
const Z = 'Smaller documents also finish sooner overall.';
const UNRELATED = 'The office kitchen closes at noon.';
const TABLE: Record<string, number[]> = {
  [QUESTION]: [1, 0, 0, 0],
  [X]: [0.75, 0.661, 0, 0],
  [Y]: [0.6, 0.3, 0.742, 0],
  [Z]: [0.55, 0, 0, 0.835],
  [UNRELATED]: [0, 0, 0.2, 1],
};
const PASSAGE: AnswerPassage = {
  citation: 1,
  chunkId: 'c1',
  documentId: 'd1',
  content: `${X} ${Y} ${Z} ${UNRELATED}`,
  startChar: 0,
  score: 1,
};

async function texts(
  passages: AnswerPassage[],
  options: ExtractiveOptions = {},
  table = TABLE,
  question = QUESTION,
): Promise<string[]> {
  const result = await extractAnswer(question, passages, new TableEmbedder(table), options);
  return result.sentences.map((s) => s.text);
}

describe('extractAnswer with embedding similarity', () => {
  it('finds an answer sharing no word with the question when the embeddings say it is close', async () => {
    expect(await texts([PASSAGE], { maxSentences: 1 })).toEqual([X]);
    const wordsOnly = await extractAnswer(QUESTION, [PASSAGE], new FakeEmbedder({ dimensions: 256 }));
    expect(wordsOnly).toEqual({ sentences: [], relevant: false });
  });

  it('trades relevance for novelty: at lambda 0.7 MMR takes Z over Y, more relevant but like X', async () => {
    expect(await texts([PASSAGE], { maxSentences: 2 })).toEqual([X, Z]);
    expect(await texts([PASSAGE], { maxSentences: 2, lambda: 1 })).toEqual([X, Y]);
  });

  it('never picks a paraphrase whose embedding nearly equals a chosen one, whatever lambda', async () => {
    const paraphrase = 'Bump how many imports run simultaneously, via the pool size.';
    const table = { ...TABLE, [paraphrase]: [0.74, 0.67, 0.02, 0] };
    const other = { ...PASSAGE, citation: 2, chunkId: 'c2', content: paraphrase, score: 0.9 };
    expect(await texts([other], {}, table)).toEqual([paraphrase]);
    expect(await texts([PASSAGE, other], { lambda: 1 }, table)).toEqual([X, Y, Z]);
  });

  it('breaks a near tie in favour of the better-retrieved passage', async () => {
    // cos 0.72 against X's 0.70: alone the lower-ranked sentence scores higher; its rank outweighs that.
    const closer = 'Tune the pool width for quicker loading.';
    const table = { ...TABLE, [closer]: [0.72, 0, 0, 0.694], [X]: [0.7, 0.714, 0, 0] };
    const lower = { ...PASSAGE, citation: 1, content: closer, score: 0.3 };
    const better = { ...PASSAGE, citation: 2, chunkId: 'c2', content: X, score: 0.9 };
    const embedder = new TableEmbedder(table);
    const [alone] = (await extractAnswer(QUESTION, [lower], embedder)).sentences;
    const [xAlone] = (await extractAnswer(QUESTION, [better], embedder)).sentences;
    expect(alone!.score).toBeGreaterThan(xAlone!.score);
    expect(await texts([lower, better], { maxSentences: 1 }, table)).toEqual([X]);
  });

  it('leaves out sentences under half the best relevance, even above minRelevance', async () => {
    const weak = 'Network storage adds noticeable latency here.';
    const table = { ...TABLE, [weak]: [0.3, 0, 0, 0.954] };
    expect(await texts([{ ...PASSAGE, content: `${X} ${weak}` }], { minRelevance: 0.05 }, table)).toEqual([
      X,
    ]);
    expect(await texts([{ ...PASSAGE, content: weak }], { minRelevance: 0.05 }, table)).toEqual([weak]);
  });

  it('judges a question without content words by its embedding alone', async () => {
    const vague = 'What is this all about?';
    const table = { ...TABLE, [vague]: [1, 0, 0, 0] };
    const result = await extractAnswer(vague, [PASSAGE], new TableEmbedder(table), { maxSentences: 1 });
    expect(result.sentences.map((s) => s.text)).toEqual([X]);
    // cos 0.75 is the top of the semantic scale, and no lexical half is mixed in.
    expect(result.sentences[0]!.score).toBeCloseTo(1, 5);
  });

  it('raises the bar with minRelevance', async () => {
    expect(await texts([PASSAGE], { minRelevance: 0.45 })).toEqual([X]);
    const none = await extractAnswer(QUESTION, [PASSAGE], new TableEmbedder(TABLE), { minRelevance: 0.9 });
    expect(none).toEqual({ sentences: [], relevant: false });
  });
});
