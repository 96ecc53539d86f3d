import fs from 'node:fs';
import path from 'node:path';
import { CrossEncoderReranker } from '@sift/adapter-embeddings';
import type { Config } from '@sift/config';
import { silentLogger, type Logger, type Reranker } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { crossEncoderModelPresent, searchRerankers } from './rerankers.js';
import { tempConfig } from './test-support.js';

const MODEL = 'Xenova/ms-marco-MiniLM-L-6-v2';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function config(env: Record<string, string> = {}): Promise<Config> {
  const t = await tempConfig(env);
  cleanups.push(t.cleanup);
  return t.config;
}

/** What `sift models fetch` leaves: the files transformers.js looks for (their content is not read here). */
function install(dir: string, files = ['config.json', 'onnx/model.onnx']): void {
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), '{}');
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { ...silentLogger, lines, info: (_obj, msg) => void lines.push(msg ?? '') };
}

describe('searchRerankers', () => {
  it('auto: reranks with the cross-encoder once its model is installed, and says which it chose', async () => {
    const c = await config();
    const logger = recordingLogger();
    const before = searchRerankers(c, logger);
    expect(before).toEqual({ rerankers: {}, defaultReranker: null });
    expect(logger.lines[0]).toContain('no cross-encoder model installed');

    install(path.join(c.models.dir, MODEL));
    const after = searchRerankers(c, logger);
    expect(after.defaultReranker).toBe('cross-encoder');
    expect(after.rerankers['cross-encoder']).toBeInstanceOf(CrossEncoderReranker);
    expect(after.rerankers['cross-encoder']!.name).toBe(`cross-encoder:${MODEL}`);
    expect(logger.lines[1]).toBe('rerank: true uses the cross-encoder');
  });

  it('auto: an int8-only or half-installed model does not count as installed', async () => {
    const c = await config();
    install(path.join(c.models.dir, MODEL), ['config.json', 'onnx/model_quantized.onnx']);
    expect(crossEncoderModelPresent(c)).toBe(false);
    expect(searchRerankers(c, silentLogger).defaultReranker).toBeNull();
  });

  it('auto: looks a model given as a directory up where it is', async () => {
    const c = await config();
    const dir = path.join(c.dataDir, 'my-reranker');
    const own = await config({ SIFT_DATA_DIR: c.dataDir, SIFT_RERANK_MODEL: dir });
    expect(crossEncoderModelPresent(own)).toBe(false);
    install(dir);
    expect(crossEncoderModelPresent(own)).toBe(true);
    expect(searchRerankers(own, silentLogger).rerankers['cross-encoder']!.name).toBe(
      'cross-encoder:my-reranker',
    );
  });

  it('keeps explicit choices: cross-encoder without its model, mmr, none, and llm rerankers passed in', async () => {
    const crossEncoder = searchRerankers(await config({ SIFT_RERANKER: 'cross-encoder' }), silentLogger);
    expect(crossEncoder.defaultReranker).toBe('cross-encoder');
    expect(crossEncoder.rerankers['cross-encoder']).toBeInstanceOf(CrossEncoderReranker);

    expect(searchRerankers(await config({ SIFT_RERANKER: 'mmr' }), silentLogger)).toEqual({
      rerankers: {},
      defaultReranker: 'mmr',
    });
    expect(searchRerankers(await config({ SIFT_RERANKER: 'none' }), silentLogger)).toEqual({
      rerankers: {},
      defaultReranker: null,
    });
    const llm: Reranker = { name: 'llm:fake', rerank: async () => [] };
    const withLlm = searchRerankers(
      await config({
        SIFT_RERANKER: 'llm',
        SIFT_LLM: 'ollama',
        SIFT_LLM_URL: 'http://127.0.0.1:1',
        SIFT_LLM_MODEL: 'm',
      }),
      silentLogger,
      { llm },
    );
    expect(withLlm).toEqual({ rerankers: { llm }, defaultReranker: 'llm' });
  });

  it('reads the rerank depth and time budget from config; a budget of 0 means no limit', async () => {
    const defaults = await config();
    expect(defaults.search).toMatchObject({ reranker: 'auto', rerankTopK: 50, rerankBudgetMs: 2_000 });
    const tuned = await config({ SIFT_RERANK_TOP_K: '20', SIFT_RERANK_BUDGET_MS: '0' });
    expect(tuned.search).toMatchObject({ rerankTopK: 20, rerankBudgetMs: null });
  });
});
