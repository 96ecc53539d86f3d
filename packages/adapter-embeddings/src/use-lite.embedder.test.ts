import net from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { truncateAtWord, USE_LITE_DIMENSIONS, UseLiteEmbedder } from './use-lite.embedder.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const embedder = new UseLiteEmbedder();
// The network check spies on this thread's sockets, so it loads the model here rather than in a worker.
const inThread = new UseLiteEmbedder({ thread: false });
afterAll(() => Promise.all([embedder.close(), inThread.close()]));

describe('UseLiteEmbedder', () => {
  // First in the file, so it covers the WebAssembly backend's start-up as well as the model load.
  it('loads and embeds without opening a single network connection', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      expect(await inThread.info()).toEqual({ model: 'use-lite', dimensions: USE_LITE_DIMENSIONS });
      await inThread.embed(['offline text'], { kind: 'passage' });
      expect(connect).not.toHaveBeenCalled();
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
      fetchSpy.mockRestore();
    }
  });

  it('returns 512-dimensional unit vectors that place paraphrases closer than unrelated text', async () => {
    const [cat, kitten, market] = await embedder.embed(
      [
        'The cat sat on the mat.',
        'A kitten was resting on the rug.',
        'Stock markets fell sharply on Monday.',
      ],
      { kind: 'passage' },
    );
    for (const v of [cat!, kitten!, market!]) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(USE_LITE_DIMENSIONS);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
    expect(dot(cat!, kitten!)).toBeGreaterThan(dot(cat!, market!) + 0.1);
  });

  it('gives the same vectors in a worker thread as in this one, while this thread keeps running', async () => {
    const texts = Array.from(
      { length: 64 },
      (_, i) => `Paragraph ${i} about rivers, bridges and ${'stone '.repeat(80)}`,
    );
    const order: string[] = [];
    const embedding = embedder.embed(texts, { kind: 'passage' }).then((vectors) => {
      order.push('embedded');
      return vectors;
    });
    setImmediate(() => order.push('event loop turned'));
    const threaded = await embedding;
    const local = await inThread.embed(texts, { kind: 'passage' });
    threaded.forEach((v, i) => expect(dot(v, local[i]!)).toBeCloseTo(1, 5));
    // Inference ran beside the event loop: it turned while the batch was being embedded.
    expect(order).toEqual(['event loop turned', 'embedded']);
  });

  it('answers a query while a large batch of passages is still being embedded', async () => {
    // One batch for all passages: in a single thread the query would wait until the whole batch is done.
    const lanes = new UseLiteEmbedder({ batchSize: 256 });
    await lanes.embed(['warm up the query lane'], { kind: 'query' });
    await lanes.embed(['warm up the passage lane'], { kind: 'passage' });
    const passages = Array.from(
      { length: 128 },
      (_, i) => `Passage ${i} on harbours, tides and ${'shipping '.repeat(40)}`,
    );
    const order: string[] = [];
    const ingest = lanes.embed(passages, { kind: 'passage' }).then(() => order.push('passages'));
    await lanes.embed(['where do ships wait for the tide?'], { kind: 'query' });
    order.push('query');
    await ingest;
    await lanes.close();
    expect(order).toEqual(['query', 'passages']);
  });

  it('embeds queries and passages the same way', async () => {
    const [query] = await embedder.embed(['how do I reset my password'], { kind: 'query' });
    const [passage] = await embedder.embed(['how do I reset my password'], { kind: 'passage' });
    expect(Array.from(query!)).toEqual(Array.from(passage!));
  });

  it('keeps input order across batches', async () => {
    const texts = Array.from(
      { length: 5 },
      (_, i) => `Document ${i} talks about topic ${['cats', 'tax', 'rain', 'code', 'jazz'][i]}.`,
    );
    const batched = await new UseLiteEmbedder({ batchSize: 2 }).embed(texts, { kind: 'passage' });
    const one = await embedder.embed(texts, { kind: 'passage' });
    for (let t = 0; t < texts.length; t++) expect(dot(batched[t]!, one[t]!)).toBeCloseTo(1, 4);
    expect(dot(one[0]!, one[1]!)).toBeLessThan(0.99);
  });

  it('embeds only the first 2,000 characters of a long text', async () => {
    const words = Array.from({ length: 800 }, (_, i) =>
      i < 300 ? 'astronomy telescope galaxy' : 'cooking recipe',
    );
    const long = words.join(' ');
    expect(long.length).toBeGreaterThan(4_000);
    const [whole, head] = await embedder.embed([long, truncateAtWord(long, 2_000)], { kind: 'passage' });
    expect(Array.from(whole!)).toEqual(Array.from(head!));
  });

  it('embeds an empty text as a unit vector instead of failing', async () => {
    const [empty] = await embedder.embed([''], { kind: 'passage' });
    expect(Math.sqrt(dot(empty!, empty!))).toBeCloseTo(1, 5);
    expect(await embedder.embed([], { kind: 'passage' })).toEqual([]);
  });

  it('throws the reason of an already aborted signal', async () => {
    const reason = new Error('cancelled');
    expect(
      await rejection(embedder.embed(['x'], { kind: 'passage', signal: AbortSignal.abort(reason) })),
    ).toBe(reason);
  });

  it('reloads the model after close()', async () => {
    const own = new UseLiteEmbedder();
    const [before] = await own.embed(['reload me'], { kind: 'passage' });
    await own.close();
    const [after] = await own.embed(['reload me'], { kind: 'passage' });
    expect(Array.from(after!)).toEqual(Array.from(before!));
    await own.close();
  });
});

describe('truncateAtWord', () => {
  it('keeps short text whole and cuts long text back to a word boundary', () => {
    expect(truncateAtWord('short text', 100)).toBe('short text');
    expect(truncateAtWord('alpha beta gamma delta', 12)).toBe('alpha beta');
    expect(truncateAtWord('x'.repeat(50), 10)).toBe('x'.repeat(10));
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateAtWord(`${'a'.repeat(9)}😀bc`, 10);
    expect(cut).toBe('a'.repeat(9));
  });
});
