import fs from 'node:fs';
import path from 'node:path';
import { TransformersEmbedder, UseLiteEmbedder } from '@sift/adapter-embeddings';
import type { Config } from '@sift/config';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbedder, embedderForModel } from './embedding.js';
import { tempConfig } from './test-support.js';

const BGE = 'BAAI/bge-small-en-v1.5';
const MINILM = 'Xenova/all-MiniLM-L6-v2';

/** Lays out a model as `sift models fetch` installs it; the weights are placeholders (nothing loads here). */
function install(
  config: Config,
  id: string,
  weights: string[] = ['model_quantized.onnx'],
  files = true,
): void {
  const dir = path.join(config.models.dir, id);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), '{}');
  if (files) fs.writeFileSync(path.join(dir, 'tokenizer.json'), '{}');
  for (const w of weights) fs.writeFileSync(path.join(dir, 'onnx', w), 'onnx');
}

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const log = (level: string) => (_: object, msg?: string) => lines.push({ level, msg: msg ?? '' });
  return {
    lines,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  };
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});
async function config(env: Record<string, string> = {}): Promise<Config> {
  const temp = await tempConfig(env);
  cleanups.push(temp.cleanup);
  return temp.config;
}

describe('createEmbedder with SIFT_EMBEDDER=auto (the default)', () => {
  it('serves bge-small when it is installed, with its preset, and logs one line saying so', async () => {
    const c = await config();
    install(c, BGE);
    const { logger, lines } = recordingLogger();
    const serving = createEmbedder(c, logger)!;
    expect(serving.status()).toEqual({
      engine: 'transformers',
      model: BGE,
      dtype: 'q8',
      pooling: 'cls',
      reason: 'found in SIFT_MODELS_DIR',
    });
    expect(lines).toEqual([
      {
        level: 'info',
        msg: `embedder: transformers ${BGE} (q8, cls) — found in SIFT_MODELS_DIR (${c.models.dir})`,
      },
    ]);
    await serving.close();
  });

  it('prefers bge-small to all-MiniLM-L6-v2, and takes MiniLM (fp32, mean) when it is the only one', async () => {
    const both = await config();
    install(both, MINILM, ['model.onnx']);
    install(both, BGE, ['model.onnx', 'model_quantized.onnx']);
    expect(createEmbedder(both)!.status()).toMatchObject({ model: BGE, dtype: 'q8', pooling: 'cls' });

    const minilm = await config();
    install(minilm, MINILM, ['model.onnx']);
    expect(createEmbedder(minilm)!.status()).toMatchObject({ model: MINILM, dtype: 'fp32', pooling: 'mean' });
  });

  it('takes the weights SIFT_EMBEDDING_DTYPE names, and a pooling set explicitly over the preset', async () => {
    const c = await config({ SIFT_EMBEDDING_DTYPE: 'fp32', SIFT_EMBEDDING_POOLING: 'mean' });
    install(c, BGE, ['model.onnx', 'model_quantized.onnx']);
    expect(createEmbedder(c)!.status()).toMatchObject({ model: BGE, dtype: 'fp32', pooling: 'mean' });
  });

  it('finds a known model installed under another of its ids', async () => {
    const c = await config();
    install(c, 'Xenova/bge-small-en-v1.5');
    expect(createEmbedder(c)!.status()).toMatchObject({ model: 'Xenova/bge-small-en-v1.5', pooling: 'cls' });
  });

  it('does not count a half-installed model (no tokenizer)', async () => {
    const c = await config();
    install(c, BGE, ['model.onnx'], false);
    expect(createEmbedder(c)!.status().engine).toBe('use-lite');
  });

  it('falls back to USE-lite when nothing is installed and downloads are off, naming the fetch command', async () => {
    const c = await config();
    const serving = createEmbedder(c)!;
    expect(serving.status()).toEqual({
      engine: 'use-lite',
      model: 'use-lite',
      reason:
        'no real model in SIFT_MODELS_DIR and downloads are off: the bundled fallback (install one: sift models fetch bge-small-en-v1.5)',
    });
    expect((await serving.info()).model).toBe('use-lite');
  });

  it('chooses bge-small to download when downloads are allowed, USE-lite being the fallback', async () => {
    const c = await config({ SIFT_ALLOW_MODEL_DOWNLOADS: 'true' });
    expect(createEmbedder(c)!.status()).toEqual({
      engine: 'transformers',
      model: BGE,
      dtype: 'q8',
      pooling: 'cls',
      reason: 'not in SIFT_MODELS_DIR: downloaded on first use (SIFT_ALLOW_MODEL_DOWNLOADS), else use-lite',
    });
  });

  it('looks only for SIFT_EMBEDDING_MODEL when one is set', async () => {
    const c = await config({ SIFT_EMBEDDING_MODEL: MINILM });
    install(c, BGE);
    expect(createEmbedder(c)!.status().engine).toBe('use-lite');
    install(c, MINILM);
    expect(createEmbedder(c)!.status()).toMatchObject({ engine: 'transformers', model: MINILM });
  });
});

describe('createEmbedder with an explicit SIFT_EMBEDDER', () => {
  it('keeps USE-lite though a real model is installed', async () => {
    const c = await config({ SIFT_EMBEDDER: 'use-lite' });
    install(c, BGE);
    expect(createEmbedder(c)!.status()).toEqual({
      engine: 'use-lite',
      model: 'use-lite',
      reason: 'SIFT_EMBEDDER=use-lite',
    });
  });

  it('runs transformers with the configured model, as before', async () => {
    const c = await config({ SIFT_EMBEDDER: 'transformers', SIFT_EMBEDDING_MODEL: BGE });
    expect(createEmbedder(c)!.status()).toEqual({
      engine: 'transformers',
      model: BGE,
      dtype: 'q8',
      pooling: 'cls',
      reason: 'SIFT_EMBEDDER=transformers',
    });
  });

  it('runs none: no embedder', async () => {
    expect(createEmbedder(await config({ SIFT_EMBEDDER: 'none' }))).toBeNull();
  });
});

describe('embedderForModel (queries against an older vector space)', () => {
  it('rebuilds a transformers embedder from its space model id, weights and preset included', async () => {
    const c = await config();
    const embedder = embedderForModel(c, `${BGE}:q8`);
    expect(embedder).toBeInstanceOf(TransformersEmbedder);
    expect((embedder as TransformersEmbedder).settings).toMatchObject({
      name: BGE,
      id: `${BGE}:q8`,
      dtype: 'q8',
      pooling: 'cls',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
    });
    const fp32 = embedderForModel(c, MINILM) as TransformersEmbedder;
    expect(fp32.settings).toMatchObject({ id: MINILM, dtype: 'fp32', pooling: 'mean' });
    expect(embedderForModel(c, 'use-lite')).toBeInstanceOf(UseLiteEmbedder);
    expect(embedderForModel(c, 'openai:text-embedding-3-small')).toBeNull();
  });
});
