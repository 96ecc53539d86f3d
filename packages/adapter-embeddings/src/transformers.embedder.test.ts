import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer } from './fake-http-server.fixture.js';
import { TINY_BERT_HIDDEN, writeTinyBertModel } from './tiny-bert-model.fixture.js';
import { TransformersEmbedder } from './transformers.embedder.js';

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

let root: string;
let modelsDir: string;
let emptyModelsDir: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-transformers-embedder-'));
  modelsDir = path.join(root, 'models');
  emptyModelsDir = path.join(root, 'empty');
  fs.mkdirSync(emptyModelsDir);
  writeTinyBertModel(path.join(modelsDir, 'sift-test', 'tiny-bert'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('TransformersEmbedder on a tiny BERT model built by the test', () => {
  let embedder: TransformersEmbedder;
  beforeAll(() => {
    embedder = new TransformersEmbedder({ model: 'sift-test/tiny-bert', modelsDir });
  });
  afterAll(() => embedder.close());

  it('loads the model from modelsDir with downloads off and reports its id and dimension', async () => {
    expect(await embedder.info()).toEqual({ model: 'sift-test/tiny-bert', dimensions: TINY_BERT_HIDDEN });
  });

  it('returns one unit vector per text; equal texts agree, different texts differ', async () => {
    const texts = ['the cat sat on the mat', 'the dog ran in the park', 'the cat sat on the mat'];
    const vectors = await embedder.embed(texts, { kind: 'passage' });
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(TINY_BERT_HIDDEN);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
    expect(Array.from(vectors[2]!)).toEqual(Array.from(vectors[0]!));
    expect(dot(vectors[0]!, vectors[1]!)).toBeLessThan(0.999);
  });

  it('ignores padding: a text embeds the same alone and beside a longer one', async () => {
    const [alone] = await embedder.embed(['the cat'], { kind: 'passage' });
    const [padded] = await embedder.embed(
      ['the cat', 'a search engine finds relevant documents in the park'],
      {
        kind: 'passage',
      },
    );
    for (let i = 0; i < TINY_BERT_HIDDEN; i++) expect(padded![i]).toBeCloseTo(alone![i]!, 5);
  });

  it('keeps input order across batches', async () => {
    const texts = ['cat', 'dog', 'park', 'mat', 'search', 'engine', 'documents'];
    const batched = await new TransformersEmbedder({
      model: 'sift-test/tiny-bert',
      modelsDir,
      batchSize: 2,
    }).embed(texts, { kind: 'passage' });
    const single = await embedder.embed(texts, { kind: 'passage' });
    for (let t = 0; t < texts.length; t++) {
      for (let i = 0; i < TINY_BERT_HIDDEN; i++) expect(batched[t]![i]).toBeCloseTo(single[t]![i]!, 5);
    }
  });

  it('runs a batch over the token budget in slices, with the same vectors in the same order', async () => {
    const texts = ['cat', 'a search engine finds relevant documents in the park', 'dog', 'the mat'];
    const unbounded = await new TransformersEmbedder({
      model: 'sift-test/tiny-bert',
      modelsDir,
      maxBatchTokens: 0,
    }).embed(texts, { kind: 'passage' });
    // 4 texts padded to ~12 tokens are ~48 tokens: a budget of 8 runs them one or two at a time, and the text
    // longer than the whole budget still runs alone.
    const sliced = await new TransformersEmbedder({
      model: 'sift-test/tiny-bert',
      modelsDir,
      maxBatchTokens: 8,
    }).embed(texts, { kind: 'passage' });
    expect(sliced).toHaveLength(texts.length);
    for (let t = 0; t < texts.length; t++) {
      for (let i = 0; i < TINY_BERT_HIDDEN; i++) expect(sliced[t]![i]).toBeCloseTo(unbounded[t]![i]!, 5);
    }
  });

  it('puts the query and passage prefixes before the text, which changes the vector', async () => {
    const e5 = new TransformersEmbedder({
      model: 'sift-test/tiny-bert',
      modelsDir,
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    });
    const [query] = await e5.embed(['the cat'], { kind: 'query' });
    const [passage] = await e5.embed(['the cat'], { kind: 'passage' });
    const [plain] = await embedder.embed(['the cat'], { kind: 'query' });
    const [spelledOut] = await embedder.embed(['query: the cat'], { kind: 'query' });
    expect(dot(query!, passage!)).toBeLessThan(0.999);
    expect(dot(query!, plain!)).toBeLessThan(0.999);
    for (let i = 0; i < TINY_BERT_HIDDEN; i++) expect(query![i]).toBeCloseTo(spelledOut![i]!, 5);
    await e5.close();
  });

  it('pools the [CLS] token when asked, which differs from the mean', async () => {
    const cls = new TransformersEmbedder({ model: 'sift-test/tiny-bert', modelsDir, pooling: 'cls' });
    const [a, b] = await cls.embed(['the cat sat', 'the dog ran'], { kind: 'passage' });
    const [mean] = await embedder.embed(['the cat sat'], { kind: 'passage' });
    expect(Math.sqrt(dot(a!, a!))).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeLessThan(0.999);
    expect(dot(a!, mean!)).toBeLessThan(0.999);
    await cls.close();
  });

  it('leaves vectors at their raw length when normalisation is off', async () => {
    const raw = new TransformersEmbedder({ model: 'sift-test/tiny-bert', modelsDir, normalize: false });
    const [vector] = await raw.embed(['the cat sat on the mat'], { kind: 'passage' });
    const [unit] = await embedder.embed(['the cat sat on the mat'], { kind: 'passage' });
    const length = Math.sqrt(dot(vector!, vector!));
    expect(length).toBeGreaterThan(1.01);
    for (let i = 0; i < TINY_BERT_HIDDEN; i++) expect(vector![i]! / length).toBeCloseTo(unit![i]!, 5);
    await raw.close();
  });

  it('loads a model from a local directory path, named after the directory', async () => {
    const local = new TransformersEmbedder({
      model: path.join(modelsDir, 'sift-test', 'tiny-bert'),
      modelsDir: emptyModelsDir,
    });
    expect(await local.info()).toEqual({ model: 'tiny-bert', dimensions: TINY_BERT_HIDDEN });
    const [fromPath] = await local.embed(['the cat'], { kind: 'passage' });
    const [fromId] = await embedder.embed(['the cat'], { kind: 'passage' });
    expect(Array.from(fromPath!)).toEqual(Array.from(fromId!));
    await local.close();
  });

  it('reloads after close()', async () => {
    const again = new TransformersEmbedder({ model: 'sift-test/tiny-bert', modelsDir });
    const [before] = await again.embed(['cat'], { kind: 'passage' });
    await again.close();
    const [after] = await again.embed(['cat'], { kind: 'passage' });
    expect(Array.from(after!)).toEqual(Array.from(before!));
    await again.close();
  });

  it('throws the reason of an already aborted signal', async () => {
    const reason = new Error('cancelled');
    expect(
      await rejection(embedder.embed(['cat'], { kind: 'passage', signal: AbortSignal.abort(reason) })),
    ).toBe(reason);
  });
});

describe('TransformersEmbedder without the model', () => {
  it('fails with MODEL_MISSING when downloads are off and modelsDir is empty', async () => {
    const embedder = new TransformersEmbedder({ modelsDir: emptyModelsDir });
    const err = await rejection(embedder.embed(['x'], { kind: 'passage' }));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', category: 'system', retryable: false });
    expect(err.message).toBe(
      'Xenova/all-MiniLM-L6-v2 is not available offline: put it under SIFT_MODELS_DIR/Xenova/all-MiniLM-L6-v2 or allow downloads (SIFT_ALLOW_MODEL_DOWNLOADS)',
    );
    expect(err.details).not.toHaveProperty('modelsDir');
    expect(fs.readdirSync(emptyModelsDir)).toEqual([]);
  });

  it('fails with MODEL_MISSING when downloads are on but the hub answers 404', async () => {
    const hub = await startFakeHttpServer(() => ({ status: 404, text: 'Entry not found' }));
    try {
      const embedder = new TransformersEmbedder({
        modelsDir: emptyModelsDir,
        allowRemoteModels: true,
        remoteHost: hub.url,
      });
      const err = await rejection(embedder.info());
      expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false, details: { remote: true } });
      expect(hub.requests[0]!.url).toBe('/Xenova/all-MiniLM-L6-v2/resolve/main/config.json');
    } finally {
      await hub.close();
    }
  });

  it('fails with MODEL_MISSING instead of hanging when the hub never answers', async () => {
    const hub = await startFakeHttpServer(() => 'hang');
    try {
      const embedder = new TransformersEmbedder({
        modelsDir: emptyModelsDir,
        allowRemoteModels: true,
        remoteHost: hub.url,
        connectTimeoutMs: 200,
      });
      const err = await rejection(embedder.info());
      expect(err).toMatchObject({ code: 'MODEL_MISSING' });
      expect((err.details as { reason: string }).reason).toContain('no response within 200 ms');
    } finally {
      await hub.close();
    }
  });

  it('names the directory when a local model path has no model files', async () => {
    const missing = path.join(root, 'no-such-model');
    const err = await rejection(
      new TransformersEmbedder({ model: missing, modelsDir: emptyModelsDir }).info(),
    );
    expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false });
    expect(err.message).toContain(
      `put its files (config.json, tokenizer.json, onnx/model.onnx) in ${missing}`,
    );
  });

  it('fails with MODEL_LOAD_FAILED when the model file is not ONNX', async () => {
    const broken = path.join(root, 'models', 'sift-test', 'broken-bert');
    writeTinyBertModel(broken);
    fs.writeFileSync(path.join(broken, 'onnx', 'model.onnx'), 'not a protobuf');
    const err = await rejection(
      new TransformersEmbedder({ model: 'sift-test/broken-bert', modelsDir }).info(),
    );
    expect(err).toMatchObject({ code: 'MODEL_LOAD_FAILED', category: 'system', retryable: false });
  });
});
