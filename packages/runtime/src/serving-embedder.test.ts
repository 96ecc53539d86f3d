import { AppError, type Embedder, type EmbedderInfo } from '@sift/core';
import { describe, expect, it } from 'vitest';
import { describeEmbedder, ServingEmbedder, type EmbedderStatus } from './serving-embedder.js';

/** An embedder whose `info()` fails with `failure` (while set) and which counts its calls. */
class FakeEmbedder implements Embedder {
  infoCalls = 0;
  embedCalls = 0;
  closed = 0;
  constructor(
    readonly model: string,
    public failure: Error | null = null,
  ) {}
  info(): Promise<EmbedderInfo> {
    this.infoCalls++;
    return this.failure
      ? Promise.reject(this.failure)
      : Promise.resolve({ model: this.model, dimensions: 2 });
  }
  embed(texts: string[]): Promise<Float32Array[]> {
    this.embedCalls++;
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(texts.map(() => Float32Array.of(1, 0)));
  }
  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

const missing = () =>
  new AppError('MODEL_MISSING', 'system', 'BAAI/bge-small-en-v1.5 is not available offline', {
    details: { model: 'BAAI/bge-small-en-v1.5', remote: true, reason: 'fetch failed' },
  });

const bgeStatus: EmbedderStatus = {
  engine: 'transformers',
  model: 'BAAI/bge-small-en-v1.5',
  dtype: 'q8',
  pooling: 'cls',
  reason: 'not in SIFT_MODELS_DIR: downloaded on first use',
};
const useLiteStatus: EmbedderStatus = {
  engine: 'use-lite',
  model: 'use-lite',
  reason: 'the bundled fallback',
};

function recordingLogger() {
  const warnings: string[] = [];
  const ignore = () => {};
  return {
    warnings,
    logger: {
      debug: ignore,
      info: ignore,
      error: ignore,
      warn: (_: object, m?: string) => warnings.push(m ?? ''),
    },
  };
}

describe('ServingEmbedder', () => {
  it('describes itself in one line: engine, model, weights, pooling and reason', () => {
    expect(describeEmbedder(bgeStatus)).toBe(
      'transformers BAAI/bge-small-en-v1.5 (q8, cls) — not in SIFT_MODELS_DIR: downloaded on first use',
    );
    expect(describeEmbedder(useLiteStatus)).toBe('use-lite — the bundled fallback');
  });

  it('serves the first choice when its model loads', async () => {
    const primary = new FakeEmbedder('BAAI/bge-small-en-v1.5:q8');
    const fallback = new FakeEmbedder('use-lite');
    const serving = new ServingEmbedder(primary, bgeStatus, {
      fallback: { create: () => fallback, status: useLiteStatus },
    });
    expect(await serving.info()).toEqual({ model: 'BAAI/bge-small-en-v1.5:q8', dimensions: 2 });
    expect(await serving.embed(['a'], { kind: 'query' })).toHaveLength(1);
    expect(serving.status()).toEqual(bgeStatus);
    expect(fallback.infoCalls + fallback.embedCalls).toBe(0);
  });

  it('falls back for good when the model proves missing, closing it and logging why', async () => {
    const primary = new FakeEmbedder('BAAI/bge-small-en-v1.5:q8', missing());
    const fallback = new FakeEmbedder('use-lite');
    const { logger, warnings } = recordingLogger();
    const serving = new ServingEmbedder(primary, bgeStatus, {
      fallback: { create: () => fallback, status: useLiteStatus },
      logger,
    });

    expect(await serving.embed(['a', 'b'], { kind: 'passage' })).toHaveLength(2);
    expect((await serving.info()).model).toBe('use-lite');
    // Even once the model could load, this process stays with the space it started writing.
    primary.failure = null;
    await serving.embed(['c'], { kind: 'query' });

    expect(primary.infoCalls).toBe(1);
    expect(primary.closed).toBe(1);
    expect(fallback.embedCalls).toBe(2);
    expect(serving.status()).toEqual({
      engine: 'use-lite',
      model: 'use-lite',
      reason: 'BAAI/bge-small-en-v1.5 could not be downloaded (fetch failed): the bundled fallback',
    });
    expect(warnings).toEqual([
      'embedder: use-lite — BAAI/bge-small-en-v1.5 could not be downloaded (fetch failed): the bundled fallback',
    ]);
  });

  it('does not fall back from a model that is there but broken: it reports the error and retries', async () => {
    const broken = new AppError('MODEL_LOAD_FAILED', 'system', 'BAAI/bge-small-en-v1.5 could not be loaded');
    const primary = new FakeEmbedder('BAAI/bge-small-en-v1.5:q8', broken);
    const fallback = new FakeEmbedder('use-lite');
    const serving = new ServingEmbedder(primary, bgeStatus, {
      fallback: { create: () => fallback, status: useLiteStatus },
    });

    await expect(serving.info()).rejects.toBe(broken);
    expect(serving.status()).toMatchObject({
      engine: 'transformers',
      error: 'MODEL_LOAD_FAILED: BAAI/bge-small-en-v1.5 could not be loaded',
    });

    primary.failure = null;
    expect((await serving.info()).model).toBe('BAAI/bge-small-en-v1.5:q8');
    expect(serving.status()).toEqual(bgeStatus);
    expect(fallback.infoCalls).toBe(0);
  });

  it('without a fallback reports a missing model as an error of the configured embedder', async () => {
    const serving = new ServingEmbedder(new FakeEmbedder('BAAI/bge-small-en-v1.5', missing()), {
      ...bgeStatus,
      reason: 'SIFT_EMBEDDER=transformers',
    });
    await expect(serving.embed(['a'], { kind: 'query' })).rejects.toMatchObject({ code: 'MODEL_MISSING' });
    expect(serving.status().error).toBe('MODEL_MISSING: BAAI/bge-small-en-v1.5 is not available offline');
    expect(serving.status().engine).toBe('transformers');
  });
});
