import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownEmbeddingModel } from './known-embedding-models.js';
import { TINY_BERT_HIDDEN, writeTinyBertModel } from './tiny-bert-model.fixture.js';
import { TransformersEmbedder, type TransformersEmbedderOptions } from './transformers.embedder.js';

const BGE = 'BAAI/bge-small-en-v1.5';
const BGE_INSTRUCTION = 'Represent this sentence for searching relevant passages: ';

let modelsDir: string;
const open: TransformersEmbedder[] = [];
/** An embedder over the test's models dir, closed after the file. */
function embedder(
  options: Omit<TransformersEmbedderOptions, 'modelsDir'> & { modelsDir?: string },
): TransformersEmbedder {
  const e = new TransformersEmbedder({ modelsDir, ...options });
  open.push(e);
  return e;
}
async function embedOne(e: TransformersEmbedder, text: string, kind: 'query' | 'passage' = 'passage') {
  const [vector] = await e.embed([text], { kind });
  return Array.from(vector!);
}
function expectSame(a: number[], b: number[]): void {
  expect(a).toHaveLength(TINY_BERT_HIDDEN);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
}

beforeAll(() => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-transformers-presets-'));
  // The tiny model installed under known ids, so their presets apply to it.
  writeTinyBertModel(path.join(modelsDir, 'sift-test', 'tiny-bert'));
  writeTinyBertModel(path.join(modelsDir, BGE));
  // bge with both weights, the fp32 file broken: loading it would fail, so a success shows int8 was chosen.
  const both = path.join(modelsDir, 'int8-test', BGE);
  writeTinyBertModel(both);
  fs.copyFileSync(path.join(both, 'onnx', 'model.onnx'), path.join(both, 'onnx', 'model_quantized.onnx'));
  fs.writeFileSync(path.join(both, 'onnx', 'model.onnx'), 'not a protobuf');
  // An unknown model with both weights, the int8 file broken.
  const unknown = path.join(modelsDir, 'sift-test', 'both-weights');
  writeTinyBertModel(unknown);
  fs.writeFileSync(path.join(unknown, 'onnx', 'model_quantized.onnx'), 'not a protobuf');
  // Only int8 weights.
  const int8Only = path.join(modelsDir, 'sift-test', 'int8-only');
  writeTinyBertModel(int8Only);
  fs.renameSync(
    path.join(int8Only, 'onnx', 'model.onnx'),
    path.join(int8Only, 'onnx', 'model_quantized.onnx'),
  );
});
afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
  fs.rmSync(modelsDir, { recursive: true, force: true });
});

describe('TransformersEmbedder presets of known models', () => {
  it('knows bge by any of its ids: [CLS] pooling, its query instruction, 512 tokens, a fusion weight', () => {
    expect(knownEmbeddingModel('xenova/BGE-small-en-v1.5')).toMatchObject({
      id: BGE,
      pooling: 'cls',
      queryPrefix: BGE_INSTRUCTION,
      maxTokens: 512,
      defaultHybridAlpha: expect.any(Number),
    });
    expect(knownEmbeddingModel('intfloat/multilingual-e5-small')).toMatchObject({
      pooling: 'mean',
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    });
    expect(knownEmbeddingModel('sift-test/tiny-bert')).toBeUndefined();
  });

  it('embeds a bge query with the instruction before it and [CLS] pooling, and a passage bare', async () => {
    const bge = embedder({ model: BGE });
    const plainCls = embedder({ model: 'sift-test/tiny-bert', pooling: 'cls' });
    expectSame(
      await embedOne(bge, 'the cat', 'query'),
      await embedOne(plainCls, `${BGE_INSTRUCTION}the cat`),
    );
    expectSame(await embedOne(bge, 'the cat', 'passage'), await embedOne(plainCls, 'the cat'));
    expect(await bge.info()).toEqual({
      model: BGE,
      dimensions: TINY_BERT_HIDDEN,
      hybridAlpha: knownEmbeddingModel(BGE)!.defaultHybridAlpha,
    });
  });

  it('lets explicit options override the preset', async () => {
    const custom = embedder({ model: BGE, pooling: 'mean', queryPrefix: 'query: ' });
    const plainMean = embedder({ model: 'sift-test/tiny-bert' });
    expectSame(await embedOne(custom, 'the cat', 'query'), await embedOne(plainMean, 'query: the cat'));
  });

  it('gives a model without a preset mean pooling, no prefixes, no fusion weight and 512 tokens', async () => {
    const plain = embedder({ model: 'sift-test/tiny-bert' });
    expect(plain.settings).toEqual({
      model: 'sift-test/tiny-bert',
      name: 'sift-test/tiny-bert',
      id: 'sift-test/tiny-bert',
      dtype: 'fp32',
      pooling: 'mean',
      maxTokens: 512,
    });
    expect(await plain.info()).toEqual({ model: 'sift-test/tiny-bert', dimensions: TINY_BERT_HIDDEN });
  });
});

describe('TransformersEmbedder weights (dtype)', () => {
  it('auto takes int8 of both for a model where int8 keeps quality, and records it in the id', async () => {
    const bge = embedder({ model: BGE, modelsDir: path.join(modelsDir, 'int8-test') });
    expect(bge.settings.dtype).toBe('q8');
    expect((await bge.info()).model).toBe(`${BGE}:q8`);
  });

  it('auto takes fp32 of both for an unknown model, and the only weights installed otherwise', async () => {
    const unknown = embedder({ model: 'sift-test/both-weights' });
    expect((await unknown.info()).model).toBe('sift-test/both-weights');
    const int8Only = embedder({ model: 'sift-test/int8-only' });
    expect((await int8Only.info()).model).toBe('sift-test/int8-only:q8');
    // The same graph either way, so the same vectors.
    expectSame(await embedOne(int8Only, 'the cat'), await embedOne(unknown, 'the cat'));
  });

  it('loads the weights asked for, failing when those are broken', async () => {
    const fp32 = embedder({ model: BGE, modelsDir: path.join(modelsDir, 'int8-test'), dtype: 'fp32' });
    await expect(fp32.info()).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED', retryable: false });
  });
});

describe('TransformersEmbedder token limit', () => {
  it('cuts texts at maxTokens, keeping the closing [SEP] as the reference tokenizers do', async () => {
    // [CLS] + 4 words + [SEP] = 6 tokens.
    const short = embedder({ model: 'sift-test/tiny-bert', maxTokens: 6 });
    const full = embedder({ model: 'sift-test/tiny-bert' });
    const cut = await embedOne(short, 'the cat sat on the mat dog');
    expectSame(cut, await embedOne(full, 'the cat sat on'));
    expectSame(await embedOne(short, 'the cat sat on'), await embedOne(full, 'the cat sat on'));
    expect(cut).not.toEqual(await embedOne(full, 'the cat sat on the'));
  });
});
