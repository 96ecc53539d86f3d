import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RerankCandidate } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossEncoderReranker, scoringOrder } from './cross-encoder.reranker.js';
import { TINY_CROSS_ENCODER_SEP_BONUS, writeTinyCrossEncoder } from './tiny-cross-encoder-model.fixture.js';

// The model runs in a worker thread, which loads transformers.js afresh: seconds on a busy machine.
const SLOW = { timeout: 120_000 };

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

const candidates = (...texts: string[]): RerankCandidate[] =>
  texts.map((text, i) => ({ id: `c${i}`, text, score: 1 - i / 100 }));

/** The fixture's logit of a pair that kept both `[SEP]`s: `matches` passage words found in the query. */
const logit = (matches: number) => matches + 2 * TINY_CROSS_ENCODER_SEP_BONUS;

let root: string;
let modelsDir: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cross-encoder-'));
  modelsDir = path.join(root, 'models');
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'tiny-cross-encoder'));
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'three-label'), { labels: 3 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('CrossEncoderReranker on a tiny cross-encoder in a worker thread', SLOW, () => {
  let reranker: CrossEncoderReranker;
  beforeAll(() => {
    reranker = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir, sigmoid: false });
  });
  afterAll(() => reranker.close());

  it('is named after the model, or a local directory', () => {
    expect(reranker.name).toBe('cross-encoder:sift-test/tiny-cross-encoder');
    const local = new CrossEncoderReranker({ model: path.join(root, 'some', 'my-model'), modelsDir });
    expect(local.name).toBe('cross-encoder:my-model');
  });

  it('orders candidates by the model logit of each (query, passage) pair, best first', async () => {
    const results = await reranker.rerank(
      'cat mat',
      candidates('the dog ran in the park', 'the cat sat', 'the cat sat on the mat'),
      { limit: 10 },
    );
    expect(results).toEqual([
      { id: 'c2', score: logit(2) },
      { id: 'c1', score: logit(1) },
      { id: 'c0', score: logit(0) },
    ]);
  });

  it('returns at most limit results, and none for a limit of 0 or no candidates', async () => {
    const texts = candidates('cat', 'cat mat', 'dog', 'mat mat mat');
    const top = await reranker.rerank('cat mat', texts, { limit: 2 });
    expect(top.map((r) => r.id)).toEqual(['c3', 'c1']);
    expect(await reranker.rerank('cat mat', texts, { limit: 0 })).toEqual([]);
    expect(await reranker.rerank('cat mat', [], { limit: 5 })).toEqual([]);
  });

  it('keeps the incoming order among equally relevant candidates, whatever their length', async () => {
    const texts = candidates('dog dog dog', 'cat', 'park', 'mat mat', 'ran');
    const results = await reranker.rerank('park', texts, { limit: 5 });
    expect(results.map((r) => r.id)).toEqual(['c2', 'c0', 'c1', 'c3', 'c4']);
  });

  it('scores the same in length-grouped batches of 2 as in one batch of 64, padding included', async () => {
    const words = ['cat', 'sat', 'on', 'the', 'mat', 'dog', 'ran', 'in', 'park', 'search', 'engine'];
    const texts = Array.from({ length: 40 }, (_, i) =>
      Array.from({ length: 1 + (i % 7) }, (_, j) => words[(i * 3 + j * 5) % words.length]).join(' '),
    );
    const small = new CrossEncoderReranker({
      model: 'sift-test/tiny-cross-encoder',
      modelsDir,
      sigmoid: false,
      batchSize: 2,
    });
    const inBatches = await small.rerank('cat dog park', candidates(...texts), { limit: 40 });
    await small.close();
    const whole = await reranker.rerank('cat dog park', candidates(...texts), { limit: 40 });
    expect(inBatches).toEqual(whole);
    expect(inBatches).toHaveLength(40);
    expect(new Set(inBatches.map((r) => r.score)).size).toBeGreaterThan(2);
  });

  it('reranks everything it is given when the budget allows it', async () => {
    const texts = candidates('the dog ran in the park', 'the cat sat on the mat');
    expect(await reranker.rerank('cat mat', texts, { limit: 10, budgetMs: 600_000 })).toEqual([
      { id: 'c1', score: logit(2) },
      { id: 'c0', score: logit(0) },
    ]);
  });

  it('throws the reason of an already aborted signal', async () => {
    const reason = new Error('cancelled');
    const err = await rejection(
      reranker.rerank('cat', candidates('cat'), { limit: 1, signal: AbortSignal.abort(reason) }),
    );
    expect(err).toBe(reason);
  });

  it('stops with the reason when the signal is aborted while reranking, and works afterwards', async () => {
    const controller = new AbortController();
    const reason = new Error('search cancelled');
    const pending = reranker.rerank('cat', candidates('cat', 'dog', 'mat', 'park', 'cat cat'), {
      limit: 5,
      signal: controller.signal,
    });
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(await reranker.rerank('cat', candidates('dog', 'cat'), { limit: 1 })).toMatchObject([
      { id: 'c1' },
    ]);
  });
});

describe('CrossEncoderReranker time budget and lifecycle', SLOW, () => {
  it('returns nothing when the budget runs out while the model loads, and reranks once it has', async () => {
    const fresh = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir });
    // Loading starts a thread and transformers.js in it: far longer than 1 ms.
    expect(await fresh.rerank('cat', candidates('dog', 'cat'), { limit: 2, budgetMs: 1 })).toEqual([]);
    const loaded = await fresh.rerank('cat', candidates('dog', 'cat'), { limit: 2 });
    expect(loaded.map((r) => r.id)).toEqual(['c1', 'c0']);
    expect(loaded[0]!.score).toBeCloseTo(1 / (1 + Math.exp(-logit(1))), 6); // sigmoid by default
    await fresh.close();
  });

  it('reloads after close()', async () => {
    const again = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir });
    const before = await again.rerank('cat', candidates('dog', 'cat'), { limit: 2 });
    await again.close();
    expect(await again.rerank('cat', candidates('dog', 'cat'), { limit: 2 })).toEqual(before);
    await again.close();
  });

  it('brings the model errors of the thread back whole: MODEL_MISSING, then MODEL_LOAD_FAILED', async () => {
    const absent = new CrossEncoderReranker({ modelsDir: path.join(root, 'empty') });
    expect(absent.name).toBe('cross-encoder:Xenova/ms-marco-MiniLM-L-6-v2');
    const missing = await rejection(absent.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(missing).toMatchObject({
      name: 'AppError',
      code: 'MODEL_MISSING',
      category: 'system',
      retryable: false,
      details: { model: 'Xenova/ms-marco-MiniLM-L-6-v2', remote: false },
    });
    expect(missing.message).toContain('put it under SIFT_MODELS_DIR/Xenova/ms-marco-MiniLM-L-6-v2');

    const threeLabels = new CrossEncoderReranker({ model: 'sift-test/three-label', modelsDir });
    const failed = await rejection(threeLabels.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(failed).toMatchObject({ code: 'MODEL_LOAD_FAILED', retryable: false });
    expect(failed.message).toContain('outputs 3 labels per pair');
  });

  it('tries again on the next search once a missing model is put in place', async () => {
    const later = path.join(root, 'later');
    const reranker = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir: later });
    expect(await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }))).toMatchObject({
      code: 'MODEL_MISSING',
    });
    writeTinyCrossEncoder(path.join(later, 'sift-test', 'tiny-cross-encoder'));
    expect(await reranker.rerank('cat', candidates('cat'), { limit: 1 })).toMatchObject([{ id: 'c0' }]);
    await reranker.close();
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new CrossEncoderReranker({ modelsDir, batchSize: 0 })).toThrow(RangeError);
  });
});

describe('scoringOrder', () => {
  it('scores the best-ranked window of two batches first, grouping pairs of similar length inside it', () => {
    const texts = ['aaaa', 'a', 'aaa', 'aa', 'aaaaaa', 'a', 'aaaaa'];
    const order = scoringOrder(
      texts.map((text) => ({ text })),
      2,
    ).map((batch) => batch.map(({ rank }) => rank));
    // Window 1: ranks 0-3 by length (1, 3, 2, 0); window 2: ranks 4-6 by length (5, 6, 4).
    expect(order).toEqual([[1, 3], [2, 0], [5, 6], [4]]);
  });
});
