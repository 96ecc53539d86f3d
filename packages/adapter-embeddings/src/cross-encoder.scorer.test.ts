import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossEncoderScorer, truncatePair } from './cross-encoder.scorer.js';
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

/** The fixture's logit of a pair that kept both `[SEP]`s: `matches` passage words found in the query. */
const logit = (matches: number) => matches + 2 * TINY_CROSS_ENCODER_SEP_BONUS;

let root: string;
let modelsDir: string;
let emptyModelsDir: string;
const load = (model: string, more: { maxLength?: number; dir?: string } = {}) =>
  CrossEncoderScorer.load({
    model,
    modelsDir: more.dir ?? modelsDir,
    ...(more.maxLength ? { maxLength: more.maxLength } : {}),
  });

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cross-encoder-scorer-'));
  modelsDir = path.join(root, 'models');
  emptyModelsDir = path.join(root, 'empty');
  fs.mkdirSync(emptyModelsDir);
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'tiny-cross-encoder'));
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'two-label'), { labels: 2 });
  writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'short'), { maxLength: 12 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('CrossEncoderScorer on a tiny cross-encoder built by the test', () => {
  it('gives each (query, passage) pair its logit, reading query and passage as two segments', async () => {
    const scorer = await load('sift-test/tiny-cross-encoder');
    expect(await scorer.score('cat mat', ['the dog ran in the park', 'the cat sat', 'cat mat mat'])).toEqual([
      logit(0),
      logit(1),
      logit(3),
    ]);
    // A word only in the passage does not match itself.
    expect(await scorer.score('dog', ['cat cat cat'])).toEqual([logit(0)]);
    await scorer.dispose();
  });

  it('scores a two-label model by the log-odds of its positive class', async () => {
    const scorer = await load('sift-test/two-label');
    expect(await scorer.score('cat mat', ['the dog ran in the park', 'cat sat on the mat mat'])).toEqual([
      logit(0),
      logit(3),
    ]);
    await scorer.dispose();
  });

  it('loads a model from a local directory path', async () => {
    const scorer = await load(path.join(modelsDir, 'sift-test', 'tiny-cross-encoder'), {
      dir: emptyModelsDir,
    });
    expect(await scorer.score('cat', ['dog', 'cat'])).toEqual([logit(0), logit(1)]);
    await scorer.dispose();
  });

  it('cuts a long passage to the model length, keeping the query and the closing [SEP]', async () => {
    const scorer = await load('sift-test/short');
    // [CLS] cat mat [SEP] + 7 passage tokens + [SEP] = 12: the trailing "cat" and "mat" fall off.
    expect(await scorer.score('cat mat', ['cat dog dog dog dog dog dog cat mat'])).toEqual([logit(1)]);
    // 10 query + 4 passage + 3 special tokens = 17; 5 come off the query, leaving "dog park search engine documents".
    const query = 'dog park search engine documents cat mat sat ran finds';
    expect(await scorer.score(query, ['cat mat dog park'])).toEqual([logit(2)]);
    await scorer.dispose();
  });
});

describe('truncatePair', () => {
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

describe('CrossEncoderScorer failures', () => {
  it('fails with MODEL_MISSING naming the model when downloads are off and modelsDir is empty', async () => {
    const err = await rejection(load('Xenova/ms-marco-MiniLM-L-6-v2', { dir: emptyModelsDir }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', category: 'system', retryable: false });
    expect(err.message).toBe(
      'Xenova/ms-marco-MiniLM-L-6-v2 is not available offline: put it under SIFT_MODELS_DIR/Xenova/ms-marco-MiniLM-L-6-v2 or allow downloads (SIFT_ALLOW_MODEL_DOWNLOADS)',
    );
    expect(err.details).not.toHaveProperty('modelsDir');
    expect(fs.readdirSync(emptyModelsDir)).toEqual([]);
  });

  it('fails with MODEL_MISSING when downloads are on but the hub answers 404', async () => {
    const hub = await startFakeHttpServer(() => ({ status: 404, text: 'Entry not found' }));
    try {
      const err = await rejection(
        CrossEncoderScorer.load({
          model: 'Xenova/ms-marco-MiniLM-L-6-v2',
          modelsDir: emptyModelsDir,
          allowRemoteModels: true,
          remoteHost: hub.url,
        }),
      );
      expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false, details: { remote: true } });
      expect(hub.requests[0]!.url).toMatch(/^\/Xenova\/ms-marco-MiniLM-L-6-v2\/resolve\/main\//);
    } finally {
      await hub.close();
    }
  });

  it('names the directory when a local model path has no model files', async () => {
    const missing = path.join(root, 'no-such-model');
    const err = await rejection(load(missing, { dir: emptyModelsDir }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false });
    expect(err.message).toContain(
      `put its files (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) in ${missing}`,
    );
  });

  it('fails with MODEL_MISSING when the model directory has no tokenizer or no ONNX file', async () => {
    const noTokenizer = path.join(modelsDir, 'sift-test', 'no-tokenizer');
    writeTinyCrossEncoder(noTokenizer);
    fs.rmSync(path.join(noTokenizer, 'tokenizer_config.json'));
    const err = await rejection(load('sift-test/no-tokenizer'));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false });
    expect((err.details as { reason: string }).reason).toContain('tokenizer_config.json not found');

    const noOnnx = path.join(modelsDir, 'sift-test', 'no-onnx');
    writeTinyCrossEncoder(noOnnx);
    fs.rmSync(path.join(noOnnx, 'onnx', 'model.onnx'));
    expect(await rejection(load('sift-test/no-onnx'))).toMatchObject({ code: 'MODEL_MISSING' });
  });

  it('fails with MODEL_LOAD_FAILED when the model file is not ONNX', async () => {
    const broken = path.join(modelsDir, 'sift-test', 'broken');
    writeTinyCrossEncoder(broken);
    fs.writeFileSync(path.join(broken, 'onnx', 'model.onnx'), 'not a protobuf');
    const err = await rejection(load('sift-test/broken'));
    expect(err).toMatchObject({ code: 'MODEL_LOAD_FAILED', category: 'system', retryable: false });
  });

  it('fails with MODEL_LOAD_FAILED for a classifier with three labels, or an embedding model', async () => {
    writeTinyCrossEncoder(path.join(modelsDir, 'sift-test', 'three-label'), { labels: 3 });
    const threeLabels = await rejection(load('sift-test/three-label'));
    expect(threeLabels).toMatchObject({ code: 'MODEL_LOAD_FAILED', retryable: false });
    expect(threeLabels.message).toContain('outputs 3 labels per pair');

    writeTinyBertModel(path.join(modelsDir, 'sift-test', 'embedder'));
    const embedder = await rejection(load('sift-test/embedder'));
    expect(embedder).toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    expect(embedder.message).toContain('not a sequence classifier');
  });

  it('fails with RERANK_FAILED when a pair is longer than the model can read', async () => {
    // maxLength above the model's 12 positions: the pair is not cut and the position lookup fails.
    const scorer = await load('sift-test/short', { maxLength: 64 });
    const err = await rejection(scorer.score('cat', ['cat dog dog dog dog dog dog dog dog dog dog dog']));
    expect(err).toMatchObject({ code: 'RERANK_FAILED', category: 'system', retryable: false });
    expect(err.message).toContain('sift-test/short could not score passages');
    await scorer.dispose();
  });
});
