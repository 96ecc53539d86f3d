import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { EmbeddingCache } from '../ports/embedding-cache.port.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { Logger } from '../ports/logger.port.js';
import { Semaphore } from '../system/semaphore.js';
import { FakeEmbedder } from '../testing/fake-embedder.js';
import { CachedEmbedder, embeddingCacheKey } from './cached-embedder.js';
import { InMemoryEmbeddingCache } from './in-memory-embedding-cache.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const asArrays = (vectors: Float32Array[]) => vectors.map((v) => Array.from(v));

function recordingLogger() {
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    error: () => {},
    warn: (_obj, msg) => warnings.push(msg ?? ''),
  };
  return { logger, warnings };
}

describe('CachedEmbedder', () => {
  it('embeds only the texts it has not seen and returns every vector in input order', async () => {
    const inner = new FakeEmbedder();
    const embedder = new CachedEmbedder(inner, { cache: new InMemoryEmbeddingCache() });

    const first = await embedder.embed(['alpha', 'beta', 'gamma'], { kind: 'passage' });
    const second = await embedder.embed(['delta', 'beta', 'alpha'], { kind: 'passage' });

    expect(inner.calls.map((c) => c.texts)).toEqual([['alpha', 'beta', 'gamma'], ['delta']]);
    expect(asArrays(first)).toEqual(
      asArrays(['alpha', 'beta', 'gamma'].map((t) => inner.vectorFor(t, 'passage'))),
    );
    expect(asArrays(second)).toEqual(
      asArrays(['delta', 'beta', 'alpha'].map((t) => inner.vectorFor(t, 'passage'))),
    );
  });

  it('embeds a text repeated within one call once and gives every copy its vector', async () => {
    const inner = new FakeEmbedder();
    const embedder = new CachedEmbedder(inner, { cache: new InMemoryEmbeddingCache() });
    const vectors = await embedder.embed(['same', 'other', 'same', 'same'], { kind: 'passage' });
    expect(inner.calls.map((c) => c.texts)).toEqual([['same', 'other']]);
    expect(asArrays([vectors[0]!, vectors[2]!, vectors[3]!])).toEqual(
      asArrays(Array(3).fill(inner.vectorFor('same', 'passage'))),
    );
  });

  it('keeps queries and passages apart, as e5-style models embed them differently', async () => {
    const inner = new FakeEmbedder();
    const embedder = new CachedEmbedder(inner, { cache: new InMemoryEmbeddingCache() });
    const [asPassage] = await embedder.embed(['reset password'], { kind: 'passage' });
    const [asQuery] = await embedder.embed(['reset password'], { kind: 'query' });
    expect(inner.calls.map((c) => c.kind)).toEqual(['passage', 'query']);
    expect(Array.from(asQuery!)).toEqual(Array.from(inner.vectorFor('reset password', 'query')));
    expect(Array.from(asQuery!)).not.toEqual(Array.from(asPassage!));
  });

  it('never serves one model’s vectors to another sharing the cache', async () => {
    const cache = new InMemoryEmbeddingCache();
    const small = new FakeEmbedder({ model: 'm', dimensions: 8 });
    const large = new FakeEmbedder({ model: 'm', dimensions: 16 });
    const other = new FakeEmbedder({ model: 'n', dimensions: 8 });
    await new CachedEmbedder(small, { cache }).embed(['text'], { kind: 'passage' });
    const [wide] = await new CachedEmbedder(large, { cache }).embed(['text'], { kind: 'passage' });
    await new CachedEmbedder(other, { cache }).embed(['text'], { kind: 'passage' });
    expect([small.calls.length, large.calls.length, other.calls.length]).toEqual([1, 1, 1]);
    expect(wide!.length).toBe(16);
    expect(cache.size).toBe(3);
  });

  it('splits misses into batches of the configured size', async () => {
    const inner = new FakeEmbedder();
    const embedder = new CachedEmbedder(inner, {
      cache: new InMemoryEmbeddingCache(),
      batchSize: 64,
      concurrency: 1,
    });
    const texts = Array.from({ length: 150 }, (_, i) => `chunk ${i}`);
    const vectors = await embedder.embed(texts, { kind: 'passage' });
    expect(inner.calls.map((c) => c.texts.length)).toEqual([64, 64, 22]);
    expect(asArrays(vectors)).toEqual(asArrays(texts.map((t) => inner.vectorFor(t, 'passage'))));
  });

  it('keeps at most N calls in flight across embedders sharing a semaphore', async () => {
    const inner = new FakeEmbedder({ delayMs: 5 });
    const shared = new Semaphore(2);
    const a = new CachedEmbedder(inner, {
      cache: new InMemoryEmbeddingCache(),
      batchSize: 1,
      concurrency: shared,
    });
    const b = new CachedEmbedder(inner, {
      cache: new InMemoryEmbeddingCache(),
      batchSize: 1,
      concurrency: shared,
    });
    const texts = Array.from({ length: 6 }, (_, i) => `t${i}`);
    await Promise.all([a.embed(texts, { kind: 'passage' }), b.embed(texts, { kind: 'passage' })]);
    expect(inner.calls).toHaveLength(12);
    expect(inner.maxInFlight).toBe(2);
  });

  it('queues no more batches of one long document than there are slots, so its signal gets no pile of listeners', async () => {
    const inner = new FakeEmbedder({ delayMs: 2 });
    const embedder = new CachedEmbedder(inner, {
      cache: new InMemoryEmbeddingCache(),
      batchSize: 4,
      concurrency: new Semaphore(2),
    });
    const controller = new AbortController();
    const signal = controller.signal;
    let listeners = 0;
    let most = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      most = Math.max(most, ++listeners);
      add(...args);
    }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    const texts = Array.from({ length: 200 }, (_, i) => `page chunk ${i}`);
    const vectors = await embedder.embed(texts, { kind: 'passage', signal });
    expect(vectors).toHaveLength(200);
    expect(inner.calls).toHaveLength(50);
    // Node warns of a leak past 10 listeners on one signal.
    expect(most).toBeLessThanOrEqual(2);
  });

  it('embeds a query at once, without waiting for a slot that passages hold', async () => {
    const inner = new FakeEmbedder({ delayMs: 30 });
    const embedder = new CachedEmbedder(inner, {
      cache: new InMemoryEmbeddingCache(),
      concurrency: 1,
      batchSize: 1,
    });
    const order: string[] = [];
    const ingest = embedder
      .embed(['p1', 'p2', 'p3'], { kind: 'passage' })
      .then(() => order.push('passages done'));
    await new Promise((resolve) => setImmediate(resolve));
    await embedder.embed(['what is this about?'], { kind: 'query' }).then(() => order.push('query done'));
    await ingest;
    // Through the slot the query would have waited for all three passage calls.
    expect(order).toEqual(['query done', 'passages done']);
    expect(inner.maxInFlight).toBe(2);
  });

  it('treats a cached vector of the wrong dimension as a miss', async () => {
    const inner = new FakeEmbedder({ dimensions: 8 });
    const cache = new InMemoryEmbeddingCache();
    const info = await inner.info();
    await cache.putMany([{ key: embeddingCacheKey(info, 'passage', 'text'), vector: new Float32Array(3) }]);
    const [vector] = await new CachedEmbedder(inner, { cache }).embed(['text'], { kind: 'passage' });
    expect(inner.calls).toHaveLength(1);
    expect(Array.from(vector!)).toEqual(Array.from(inner.vectorFor('text', 'passage')));
  });

  it('still answers when the cache fails to read or write, and says so in the log', async () => {
    const broken: EmbeddingCache = {
      getMany: () => Promise.reject(new Error('database is locked')),
      putMany: () => Promise.reject(new Error('disk full')),
    };
    const { logger, warnings } = recordingLogger();
    const inner = new FakeEmbedder();
    const vectors = await new CachedEmbedder(inner, { cache: broken, logger }).embed(['a', 'b'], {
      kind: 'passage',
    });
    expect(asArrays(vectors)).toEqual(asArrays(['a', 'b'].map((t) => inner.vectorFor(t, 'passage'))));
    expect(warnings).toEqual([
      'embedding cache lookup failed; embedding every text',
      'embedding cache write failed; vectors not cached',
    ]);
  });

  it('fails with EMBEDDER_BAD_RESPONSE when the wrapped embedder returns too few vectors', async () => {
    const inner = new FakeEmbedder();
    const short: Embedder = {
      info: () => inner.info(),
      embed: async (texts, options) => (await inner.embed(texts, options)).slice(1),
      close: () => inner.close(),
    };
    const err = await rejection(
      new CachedEmbedder(short, { cache: new InMemoryEmbeddingCache() }).embed(['a', 'b'], {
        kind: 'passage',
      }),
    );
    expect(err).toMatchObject({ code: 'EMBEDDER_BAD_RESPONSE', retryable: false });
  });

  it('passes the wrapped embedder’s errors through and caches nothing for them', async () => {
    const inner = new FakeEmbedder();
    const unavailable = new AppError('EMBEDDER_UNAVAILABLE', 'third_party', 'down', { retryable: true });
    let fail = true;
    const flaky: Embedder = {
      info: () => inner.info(),
      embed: (texts, options) => (fail ? Promise.reject(unavailable) : inner.embed(texts, options)),
      close: () => inner.close(),
    };
    const cache = new InMemoryEmbeddingCache();
    const embedder = new CachedEmbedder(flaky, { cache });
    expect(await rejection(embedder.embed(['a'], { kind: 'passage' }))).toBe(unavailable);
    expect(cache.size).toBe(0);
    fail = false;
    expect(await embedder.embed(['a'], { kind: 'passage' })).toHaveLength(1);
  });

  it('asks for the model identity again after a failed info()', async () => {
    const inner = new FakeEmbedder();
    let attempts = 0;
    const slowStart: Embedder = {
      info: () =>
        ++attempts === 1 ? Promise.reject(new AppError('MODEL_MISSING', 'system', 'not yet')) : inner.info(),
      embed: (texts, options) => inner.embed(texts, options),
      close: () => inner.close(),
    };
    const embedder = new CachedEmbedder(slowStart, { cache: new InMemoryEmbeddingCache() });
    expect(await rejection(embedder.info())).toMatchObject({ code: 'MODEL_MISSING' });
    expect(await embedder.info()).toEqual({ model: 'fake', dimensions: 8 });
  });

  it('gives up waiting for a slot when the caller aborts', async () => {
    const inner = new FakeEmbedder({ delayMs: 20 });
    const embedder = new CachedEmbedder(inner, { cache: new InMemoryEmbeddingCache(), concurrency: 1 });
    const busy = embedder.embed(['first'], { kind: 'passage' });
    const controller = new AbortController();
    const waiting = embedder.embed(['second'], { kind: 'passage', signal: controller.signal });
    const reason = new Error('job cancelled');
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(reason);
    expect(await rejection(waiting)).toBe(reason);
    await busy;
    expect(inner.calls.map((c) => c.texts)).toEqual([['first']]);
  });

  it('returns nothing for no texts without touching the model, and closes the wrapped embedder', async () => {
    const inner = new FakeEmbedder();
    const embedder = new CachedEmbedder(inner, { cache: new InMemoryEmbeddingCache() });
    expect(await embedder.embed([], { kind: 'query' })).toEqual([]);
    expect(inner.calls).toEqual([]);
    await embedder.close();
    expect(inner.closed).toBe(true);
  });
});

describe('embeddingCacheKey', () => {
  it('differs by model, dimension, kind and text, and is stable', () => {
    const base = embeddingCacheKey({ model: 'm', dimensions: 8 }, 'passage', 'text');
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(embeddingCacheKey({ model: 'm', dimensions: 8 }, 'passage', 'text')).toBe(base);
    const variants = [
      embeddingCacheKey({ model: 'n', dimensions: 8 }, 'passage', 'text'),
      embeddingCacheKey({ model: 'm', dimensions: 9 }, 'passage', 'text'),
      embeddingCacheKey({ model: 'm', dimensions: 8 }, 'query', 'text'),
      embeddingCacheKey({ model: 'm', dimensions: 8 }, 'passage', 'text '),
    ];
    expect(new Set([base, ...variants]).size).toBe(5);
  });
});
