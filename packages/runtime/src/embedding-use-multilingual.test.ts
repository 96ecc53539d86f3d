import fs from 'node:fs';
import path from 'node:path';
import { UseLiteEmbedder, UseMultilingualEmbedder, USE_MULTILINGUAL_MODEL } from '@sift/adapter-embeddings';
import type { Config } from '@sift/config';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbedder, embedderForModel } from './embedding.js';
import { tempConfig } from './test-support.js';

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

/** The files `sift models fetch use-multilingual-v3` leaves; placeholders (nothing loads here). */
function install(config: Config): void {
  const dir = path.join(config.models.dir, USE_MULTILINGUAL_MODEL);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), 'onnx');
  fs.writeFileSync(path.join(dir, 'sentencepiece.json'), '{}');
}

describe('choosing USE-multilingual by SIFT_EMBEDDING_MODEL (#13)', () => {
  it('serves it with SIFT_EMBEDDER=transformers, by catalogue name or model id', async () => {
    for (const model of ['use-multilingual-v3', USE_MULTILINGUAL_MODEL]) {
      const serving = createEmbedder(
        await config({ SIFT_EMBEDDER: 'transformers', SIFT_EMBEDDING_MODEL: model }),
      )!;
      expect(serving.status()).toEqual({
        engine: 'transformers',
        model: USE_MULTILINGUAL_MODEL,
        dtype: 'q8',
        reason: 'SIFT_EMBEDDER=transformers',
      });
      expect(await serving.info()).toMatchObject({ model: USE_MULTILINGUAL_MODEL, dimensions: 512 });
      await serving.close();
    }
  });

  it('serves it with auto once installed, and falls back to USE-lite before', async () => {
    const c = await config({ SIFT_EMBEDDING_MODEL: 'use-multilingual-v3' });
    expect(createEmbedder(c)!.status()).toMatchObject({ engine: 'use-lite' });
    install(c);
    expect(createEmbedder(c)!.status()).toMatchObject({
      model: USE_MULTILINGUAL_MODEL,
      reason: 'found in SIFT_MODELS_DIR',
    });
  });

  it('is never chosen by auto unless asked for', async () => {
    const c = await config();
    install(c);
    expect(createEmbedder(c)!.status()).toMatchObject({ engine: 'use-lite' });
  });

  it('rebuilds it for queries against its vector space', async () => {
    expect(embedderForModel(await config(), USE_MULTILINGUAL_MODEL)).toBeInstanceOf(UseMultilingualEmbedder);
    expect(embedderForModel(await config(), 'use-lite')).toBeInstanceOf(UseLiteEmbedder);
  });
});
