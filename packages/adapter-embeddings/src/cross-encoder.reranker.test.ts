import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RerankCandidate } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossEncoderReranker, truncatePair } from './cross-encoder.reranker.js';
import { startFakeHttpServer } from './fake-http-server.fixture.js';
import { writeTinyBertModel } from './tiny-bert-model.fixture.js';
import { TINY_CROSS_ENCODER_SEP_BONUS, writeTinyCrossEncoder } from './tiny-cross-encoder-model.fixture.js';

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
let emptyModelsDir: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cross-encoder-'));
  modelsDir = path.join(root, 'models');
  emptyModelsDir = path.join(root, 'empty');
  fs.mkdirSync(emptyModelsDir);
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'tiny-cross-encoder'));
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'two-label'), { labels: 2 });
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'short'), { maxLength: 12 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('CrossEncoderReranker on a tiny cross-encoder built by the test', () => {
  let reranker: CrossEncoderReranker;
  beforeAll(() => {
    reranker = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir, sigmoid: false });
  });
  afterAll(() => reranker.close());

  it('is named after the model', () => {
    expect(reranker.name).toBe('cross-encoder:sift-test/tiny-cross-encoder');
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

  it('reads query and passage as two segments: a word only in the passage does not match itself', async () => {
    const [result] = await reranker.rerank('dog', candidates('cat cat cat'), { limit: 1 });
    expect(result).toEqual({ id: 'c0', score: logit(0) });
  });

  it('returns the sigmoid of the logit by default, in the same order', async () => {
    const probabilities = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir });
    const texts = candidates('the dog ran in the park', 'the cat sat on the mat');
    const results = await probabilities.rerank('cat mat', texts, { limit: 10 });
    expect(results.map((r) => r.id)).toEqual(['c1', 'c0']);
    expect(results[0]!.score).toBeCloseTo(1 / (1 + Math.exp(-logit(2))), 6);
    expect(results[1]!.score).toBeCloseTo(1 / (1 + Math.exp(-logit(0))), 6);
    await probabilities.close();
  });

  it('returns at most limit results, and none for a limit of 0', async () => {
    const texts = candidates('cat', 'cat mat', 'dog', 'mat mat mat');
    const top = await reranker.rerank('cat mat', texts, { limit: 2 });
    expect(top.map((r) => r.id)).toEqual(['c3', 'c1']);
    expect(await reranker.rerank('cat mat', texts, { limit: 0 })).toEqual([]);
  });

  it('keeps the incoming order among equally relevant candidates', async () => {
    const results = await reranker.rerank('park', candidates('dog', 'cat', 'park', 'mat'), { limit: 4 });
    expect(results.map((r) => r.id)).toEqual(['c2', 'c0', 'c1', 'c3']);
  });

  it('scores the same in batches of 16 as in one batch, padding included', async () => {
    const words = ['cat', 'sat', 'on', 'the', 'mat', 'dog', 'ran', 'in', 'park', 'search', 'engine'];
    const texts = Array.from({ length: 40 }, (_, i) =>
      Array.from({ length: 1 + (i % 7) }, (_, j) => words[(i * 3 + j * 5) % words.length]).join(' '),
    );
    const oneBatch = new CrossEncoderReranker({
      model: 'sift-test/tiny-cross-encoder',
      modelsDir,
      sigmoid: false,
      batchSize: 64,
    });
    const inBatches = await reranker.rerank('cat dog park', candidates(...texts), { limit: 40 });
    const whole = await oneBatch.rerank('cat dog park', candidates(...texts), { limit: 40 });
    expect(inBatches).toEqual(whole);
    expect(inBatches).toHaveLength(40);
    expect(new Set(inBatches.map((r) => r.score)).size).toBeGreaterThan(2);
    await oneBatch.close();
  });

  it('returns [] for no candidates without loading the model', async () => {
    const absent = new CrossEncoderReranker({ modelsDir: emptyModelsDir });
    expect(await absent.rerank('cat', [], { limit: 5 })).toEqual([]);
  });

  it('scores a two-label model by the log-odds of its positive class', async () => {
    const twoLabel = new CrossEncoderReranker({ model: 'sift-test/two-label', modelsDir, sigmoid: false });
    const texts = candidates('the dog ran in the park', 'cat sat on the mat mat');
    expect(await twoLabel.rerank('cat mat', texts, { limit: 10 })).toEqual(
      await reranker.rerank('cat mat', texts, { limit: 10 }),
    );
    await twoLabel.close();
  });

  it('loads a model from a local directory path, named after the directory', async () => {
    const local = new CrossEncoderReranker({
      model: path.join(modelsDir, 'sift-test', 'tiny-cross-encoder'),
      modelsDir: emptyModelsDir,
      sigmoid: false,
    });
    expect(local.name).toBe('cross-encoder:tiny-cross-encoder');
    expect(await local.rerank('cat', candidates('dog', 'cat'), { limit: 1 })).toEqual([
      { id: 'c1', score: logit(1) },
    ]);
    await local.close();
  });

  it('reloads after close()', async () => {
    const again = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir });
    const before = await again.rerank('cat', candidates('dog', 'cat'), { limit: 2 });
    await again.close();
    expect(await again.rerank('cat', candidates('dog', 'cat'), { limit: 2 })).toEqual(before);
    await again.close();
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
    const fresh = new CrossEncoderReranker({
      model: 'sift-test/tiny-cross-encoder',
      modelsDir,
      batchSize: 2,
    });
    const pending = fresh.rerank('cat', candidates('cat', 'dog', 'mat', 'park', 'cat cat'), {
      limit: 5,
      signal: controller.signal,
    });
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(await fresh.rerank('cat', candidates('dog', 'cat'), { limit: 1 })).toMatchObject([{ id: 'c1' }]);
    await fresh.close();
  });
});

describe('CrossEncoderReranker truncation', () => {
  let short: CrossEncoderReranker;
  beforeAll(() => {
    short = new CrossEncoderReranker({ model: 'sift-test/short', modelsDir, sigmoid: false });
  });
  afterAll(() => short.close());

  it('cuts a long passage to the model length, keeping the query and the closing [SEP]', async () => {
    // [CLS] cat mat [SEP] + 7 passage tokens + [SEP] = 12: the trailing "cat" and "mat" fall off.
    const passage = 'cat dog dog dog dog dog dog cat mat';
    expect(await short.rerank('cat mat', candidates(passage), { limit: 1 })).toEqual([
      { id: 'c0', score: logit(1) },
    ]);
  });

  it('cuts the longer text first: a long query loses its end before a short passage loses anything', async () => {
    // 10 query + 4 passage + 3 special tokens = 17; 5 come off the query, leaving "dog park search engine documents".
    const query = 'dog park search engine documents cat mat sat ran finds';
    expect(await short.rerank(query, candidates('cat mat dog park'), { limit: 1 })).toEqual([
      { id: 'c0', score: logit(2) },
    ]);
  });

  it('removes tokens from the end of each text and keeps every special token', () => {
    const pair = {
      input_ids: [101, 1, 2, 3, 102, 4, 5, 6, 7, 102],
      attention_mask: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      token_type_ids: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    };
    expect(truncatePair(pair, [1, 2, 3], [4, 5, 6, 7], 7)).toEqual({
      input_ids: [101, 1, 2, 102, 4, 5, 102],
      attention_mask: [1, 1, 1, 1, 1, 1, 1],
      token_type_ids: [0, 0, 0, 0, 1, 1, 1],
    });
  });

  it('cuts the end when the texts cannot be found in the encoding', () => {
    const pair = { input_ids: [101, 1, 2, 102, 4, 5, 102], attention_mask: [1, 1, 1, 1, 1, 1, 1] };
    expect(truncatePair(pair, [9], [4, 5], 5)).toEqual({
      input_ids: [101, 1, 2, 102, 4],
      attention_mask: [1, 1, 1, 1, 1],
    });
  });
});

describe('CrossEncoderReranker failures', () => {
  it('fails with MODEL_MISSING naming the default model when downloads are off and modelsDir is empty', async () => {
    const reranker = new CrossEncoderReranker({ modelsDir: emptyModelsDir });
    expect(reranker.name).toBe('cross-encoder:Xenova/ms-marco-MiniLM-L-6-v2');
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', category: 'system', retryable: false });
    expect(err.message).toBe(
      'Xenova/ms-marco-MiniLM-L-6-v2 is not available offline: put it under SIFT_MODELS_DIR/Xenova/ms-marco-MiniLM-L-6-v2 or allow downloads (SIFT_ALLOW_MODEL_DOWNLOADS)',
    );
    expect(err.details).not.toHaveProperty('modelsDir');
    expect(fs.readdirSync(emptyModelsDir)).toEqual([]);
  });

  it('fails with MODEL_MISSING naming an unknown model id', async () => {
    const reranker = new CrossEncoderReranker({ model: 'nobody/no-such-reranker', modelsDir });
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', details: { model: 'nobody/no-such-reranker' } });
    expect(err.message).toContain('nobody/no-such-reranker is not available offline');
  });

  it('fails with MODEL_MISSING when downloads are on but the hub answers 404', async () => {
    const hub = await startFakeHttpServer(() => ({ status: 404, text: 'Entry not found' }));
    try {
      const reranker = new CrossEncoderReranker({
        modelsDir: emptyModelsDir,
        allowRemoteModels: true,
        remoteHost: hub.url,
      });
      const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
      expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false, details: { remote: true } });
      expect(hub.requests[0]!.url).toMatch(/^\/Xenova\/ms-marco-MiniLM-L-6-v2\/resolve\/main\//);
    } finally {
      await hub.close();
    }
  });

  it('names the directory when a local model path has no model files', async () => {
    const missing = path.join(root, 'no-such-model');
    const reranker = new CrossEncoderReranker({ model: missing, modelsDir: emptyModelsDir });
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false });
    expect(err.message).toContain(
      `put its files (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) in ${missing}`,
    );
  });

  it('fails with MODEL_MISSING when the model directory has no tokenizer', async () => {
    const partial = path.join(modelsDir, 'sift-test', 'no-tokenizer');
    writeTinyCrossEncoder(partial);
    fs.rmSync(path.join(partial, 'tokenizer_config.json'));
    const reranker = new CrossEncoderReranker({ model: 'sift-test/no-tokenizer', modelsDir });
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false });
    expect((err.details as { reason: string }).reason).toContain('tokenizer_config.json not found');
  });

  it('fails with MODEL_MISSING when the model directory has no ONNX file', async () => {
    const partial = path.join(modelsDir, 'sift-test', 'no-onnx');
    writeTinyCrossEncoder(partial);
    fs.rmSync(path.join(partial, 'onnx', 'model.onnx'));
    const reranker = new CrossEncoderReranker({ model: 'sift-test/no-onnx', modelsDir });
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false });
  });

  it('fails with MODEL_LOAD_FAILED when the model file is not ONNX', async () => {
    const broken = path.join(modelsDir, 'sift-test', 'broken');
    writeTinyCrossEncoder(broken);
    fs.writeFileSync(path.join(broken, 'onnx', 'model.onnx'), 'not a protobuf');
    const reranker = new CrossEncoderReranker({ model: 'sift-test/broken', modelsDir });
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_LOAD_FAILED', category: 'system', retryable: false });
  });

  it('fails with MODEL_LOAD_FAILED for a classifier with three labels', async () => {
    writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'three-label'), { labels: 3 });
    const reranker = new CrossEncoderReranker({ model: 'sift-test/three-label', modelsDir });
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_LOAD_FAILED', retryable: false });
    expect(err.message).toContain('outputs 3 labels per pair');
  });

  it('fails with MODEL_LOAD_FAILED for an embedding model, which has no logits', async () => {
    writeTinyBertModel(path.join(modelsDir, 'sift-test', 'embedder'));
    const reranker = new CrossEncoderReranker({ model: 'sift-test/embedder', modelsDir });
    const err = await rejection(reranker.rerank('cat', candidates('cat'), { limit: 1 }));
    expect(err).toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    expect(err.message).toContain('not a sequence classifier');
  });

  it('fails with RERANK_FAILED when a pair is longer than the model can read', async () => {
    // maxLength above the model's 12 positions: the pair is not cut and the position lookup fails.
    const reranker = new CrossEncoderReranker({ model: 'sift-test/short', modelsDir, maxLength: 64 });
    const err = await rejection(
      reranker.rerank('cat', candidates('cat dog dog dog dog dog dog dog dog dog dog dog'), { limit: 1 }),
    );
    expect(err).toMatchObject({ code: 'RERANK_FAILED', category: 'system', retryable: false });
    expect(err.message).toContain('sift-test/short could not score passages');
    await reranker.close();
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new CrossEncoderReranker({ modelsDir, batchSize: 0 })).toThrow(RangeError);
  });
});
