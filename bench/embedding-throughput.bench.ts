// Embedding throughput: texts per second through UseLiteEmbedder (the default, offline embedder) for ~500-char
// passages in batches of 64, then the same texts again through CachedEmbedder (all cache hits). One USE-lite pass
// serves both figures: the cold pass goes through the CachedEmbedder too, and the time spent inside the model is
// measured separately. Prints one JSON line. BENCH_EMBED_PASSAGES changes the count (default 1,000).
import { UseLiteEmbedder } from '@sift/adapter-embeddings';
import { CachedEmbedder, InMemoryEmbeddingCache, type Embedder } from '@sift/core';

const PASSAGES = Number(process.env.BENCH_EMBED_PASSAGES ?? 1_000);
const TARGET_CHARS = 500;
const BATCH = 64;

const WORDS = (
  'the a of to and in is for on that with as by this from at be are it or an was report invoice contract ' +
  'meeting customer product revenue quarter policy employee project deadline budget review approval system ' +
  'server database backup network security incident release feature request support ticket manual chapter'
).split(' ');

/** A deterministic pseudo-random generator, so every run embeds the same text. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff;
    return state / 2 ** 31;
  };
}

function passages(count: number): string[] {
  const random = lcg(7);
  return Array.from({ length: count }, (_, i) => {
    let text = `Passage ${i}.`;
    while (text.length < TARGET_CHARS) {
      const words = Array.from(
        { length: 6 + Math.floor(random() * 14) },
        () => WORDS[Math.floor(random() * WORDS.length)]!,
      );
      text += ` ${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}.`;
    }
    return text.slice(0, TARGET_CHARS);
  });
}

/** Adds up the time spent inside the wrapped embedder. */
function timed(inner: Embedder): Embedder & { seconds: number } {
  const wrapper = {
    seconds: 0,
    info: () => inner.info(),
    close: () => inner.close(),
    embed: async (texts: string[], options: Parameters<Embedder['embed']>[1]) => {
      const started = performance.now();
      try {
        return await inner.embed(texts, options);
      } finally {
        wrapper.seconds += (performance.now() - started) / 1000;
      }
    },
  };
  return wrapper;
}

const texts = passages(PASSAGES);
const useLite = new UseLiteEmbedder({ batchSize: BATCH });
const loadStarted = performance.now();
await useLite.info();
const loadMs = performance.now() - loadStarted;

const model = timed(useLite);
const cached = new CachedEmbedder(model, {
  cache: new InMemoryEmbeddingCache(PASSAGES),
  batchSize: BATCH,
  concurrency: 1,
});
let started = performance.now();
await cached.embed(texts, { kind: 'passage' });
const coldSeconds = (performance.now() - started) / 1000;
started = performance.now();
await cached.embed(texts, { kind: 'passage' });
const warmSeconds = (performance.now() - started) / 1000;
await cached.close();

const round = (x: number) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'embedding_throughput',
    passages: PASSAGES,
    passage_chars: TARGET_CHARS,
    batch: BATCH,
    use_lite_load_ms: Math.round(loadMs),
    use_lite_texts_per_s: round(PASSAGES / model.seconds),
    cached_cold_texts_per_s: round(PASSAGES / coldSeconds),
    cached_hits_texts_per_s: Math.round(PASSAGES / warmSeconds),
  }),
);
