import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_BERT_HIDDEN, writeTinyBertModel } from './tiny-bert-model.fixture.js';
import { TransformersEmbedder } from './transformers.embedder.js';

let root: string;
let embedder: TransformersEmbedder;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-transformers-threads-'));
  writeTinyBertModel(path.join(root, 'sift-test', 'tiny-bert'));
  embedder = new TransformersEmbedder({ model: 'sift-test/tiny-bert', modelsDir: root, batchSize: 2 });
});
afterAll(async () => {
  await embedder.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const WORDS = ['the', 'cat', 'sat', 'on', 'mat', 'dog', 'ran', 'in', 'park', 'search', 'engine', 'finds'];
/** A text of `n` words of the tiny model's vocabulary. */
const text = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => WORDS[(seed + i * 7) % 12]).join(' ');

describe('TransformersEmbedder in worker threads', { timeout: 120_000 }, () => {
  it('batches texts of similar length together and returns each vector in input order', async () => {
    // Lengths out of order, so batches of two by length mix positions; each must match the text embedded alone.
    const texts = [text(30, 1), text(2, 2), text(17, 3), text(1, 4), text(25, 5), text(3, 6), text(9, 7)];
    const together = await embedder.embed(texts, { kind: 'passage' });
    expect(together).toHaveLength(texts.length);
    for (const [i, t] of texts.entries()) {
      const [alone] = await embedder.embed([t], { kind: 'passage' });
      for (let c = 0; c < TINY_BERT_HIDDEN; c++) expect(together[i]![c]).toBeCloseTo(alone![c]!, 5);
    }
  });

  it('answers a search query while a long run of passages is still embedding in its own thread', async () => {
    // Both threads loaded first, so the passages are embedding (not loading) when the query comes.
    await embedder.embed(['warm up'], { kind: 'query' });
    await embedder.embed(['warm up'], { kind: 'passage' });
    const order: string[] = [];
    const passages = embedder
      .embed(
        Array.from({ length: 4_000 }, (_, i) => text(40, i)),
        { kind: 'passage' },
      )
      .then((vectors) => {
        order.push('passages');
        return vectors;
      });
    const query = embedder.embed(['the cat'], { kind: 'query' }).then(([vector]) => {
      order.push('query');
      return vector;
    });
    const [vectors, vector] = await Promise.all([passages, query]);
    expect(order).toEqual(['query', 'passages']);
    expect(vectors).toHaveLength(4_000);
    expect(vector).toHaveLength(TINY_BERT_HIDDEN);
  });

  it('shares one model call among searches that arrive together, each getting its own vectors', async () => {
    const queries = ['the cat', 'the dog ran', 'a search engine', 'park'];
    const concurrent = await Promise.all(queries.map((q) => embedder.embed([q], { kind: 'query' })));
    const sequential: Float32Array[] = [];
    for (const q of queries) sequential.push((await embedder.embed([q], { kind: 'query' }))[0]!);
    for (const [i, [v]] of concurrent.entries()) {
      for (let c = 0; c < TINY_BERT_HIDDEN; c++) expect(v![c]).toBeCloseTo(sequential[i]![c]!, 5);
    }
  });

  it('stops a cancelled run between batches', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const run = embedder.embed(
      Array.from({ length: 2_000 }, (_, i) => text(20, i)),
      { kind: 'passage', signal: controller.signal },
    );
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
  });
});
