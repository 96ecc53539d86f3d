import { describe, expect, it } from 'vitest';
import { normalizeQuery, QueryCache } from './query-cache.js';
import { cosine } from './vector-math.js';

const vector = (...values: number[]) => Float32Array.from(values);
const unscoped = { vector: null, collections: null };

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('normalizeQuery', () => {
  it('folds case, punctuation, symbols and whitespace into the form users mean', () => {
    expect(normalizeQuery('  How do BEES pollinate?  ')).toBe('how do bees pollinate');
    expect(normalizeQuery('how\tdo\n\nbees,   pollinate!!!')).toBe('how do bees pollinate');
    expect(normalizeQuery('C++ vs. C#')).toBe('c vs c');
    expect(normalizeQuery('price: $5 + tax')).toBe('price 5 tax');
  });

  it('applies NFKC, so compatibility forms of a letter read the same', () => {
    expect(normalizeQuery('ﬁle ＡＢＣ')).toBe('file abc');
    expect(normalizeQuery('Café')).toBe(normalizeQuery('Cafe\u0301'));
  });

  it('keeps letters and digits of any script and yields "" for punctuation alone', () => {
    expect(normalizeQuery('Größe 42 — Ελληνικά')).toBe('größe 42 ελληνικά');
    expect(normalizeQuery('?!…')).toBe('');
  });
});

describe('QueryCache', () => {
  it('answers the same normalised query in the same scope, and nothing for another scope or query', () => {
    const cache = new QueryCache<string>();
    cache.set('hybrid|all', 'How do bees pollinate?', 'answer', unscoped);

    expect(cache.get('hybrid|all', 'how do bees   pollinate')).toBe('answer');
    expect(cache.get('hybrid|all', 'HOW DO BEES POLLINATE!')).toBe('answer');
    expect(cache.get('lexical|all', 'how do bees pollinate')).toBeNull();
    expect(cache.get('hybrid|all', 'how do wasps pollinate')).toBeNull();
    expect(cache.stats.hits).toBe(2);
  });

  it('replaces the answer of a query set again instead of keeping two', () => {
    const cache = new QueryCache<string>();
    cache.set('s', 'bees', 'old', unscoped);
    cache.set('s', 'Bees!', 'new', unscoped);

    expect(cache.size).toBe(1);
    expect(cache.get('s', 'bees')).toBe('new');
  });

  it('shares an answer with a query whose vector is nearly the same, in the same scope only', () => {
    const cache = new QueryCache<string>({ similarity: 0.95 });
    cache.set('s', 'how do bees pollinate', 'bees', { vector: vector(1, 0, 0), collections: null });
    cache.set('s', 'lava flows', 'lava', { vector: vector(0, 1, 0), collections: null });
    cache.set('other', 'bees elsewhere', 'elsewhere', { vector: vector(1, 0, 0), collections: null });

    // cos ≈ 0.995 with the bees query: above the threshold.
    expect(cache.getSimilar('s', vector(1, 0.1, 0))).toBe('bees');
    // cos ≈ 0.707 with both: below it.
    expect(cache.getSimilar('s', vector(1, 1, 0))).toBeNull();
    // Only the scope's own entries count, whatever their vectors.
    expect(cache.getSimilar('third', vector(1, 0, 0))).toBeNull();
    expect(cache.stats).toMatchObject({ nearHits: 1, misses: 2 });
  });

  it('picks the most similar entry when several pass the threshold', () => {
    const cache = new QueryCache<string>({ similarity: 0.6 });
    cache.set('s', 'a', 'a', { vector: vector(1, 0), collections: null });
    cache.set('s', 'b', 'b', { vector: vector(0.8, 0.6), collections: null });

    // cos ≈ 0.71 with a, ≈ 0.99 with b.
    expect(cache.getSimilar('s', vector(0.7, 0.7))).toBe('b');
    // cos ≈ 0.995 with a, ≈ 0.86 with b.
    expect(cache.getSimilar('s', vector(1, 0.1))).toBe('a');
  });

  it('counts a similarity exactly at the threshold as a hit', () => {
    const stored = vector(1, 0);
    const asked = vector(3, 4);
    const cache = new QueryCache<string>({ similarity: cosine(stored, asked) });
    cache.set('s', 'a', 'a', { vector: stored, collections: null });

    expect(cache.getSimilar('s', asked)).toBe('a');
    expect(cache.getSimilar('s', vector(3, 4.01))).toBeNull();
  });

  it('ignores entries without a vector or with another dimension when matching by vector', () => {
    const cache = new QueryCache<string>({ similarity: 0.5 });
    cache.set('s', 'no vector', 'none', unscoped);
    cache.set('s', 'short', 'short', { vector: vector(1, 0), collections: null });

    expect(cache.getSimilar('s', vector(1, 0, 0))).toBeNull();
    expect(cache.getSimilar('s', vector(1, 0))).toBe('short');
  });

  it('lets answers expire after the TTL, by exact text and by vector', () => {
    const time = clock();
    const cache = new QueryCache<string>({ ttlMs: 1_000, now: time.now });
    cache.set('s', 'bees', 'answer', { vector: vector(1, 0), collections: null });

    time.advance(999);
    expect(cache.get('s', 'bees')).toBe('answer');
    expect(cache.getSimilar('s', vector(1, 0))).toBe('answer');

    time.advance(1);
    expect(cache.get('s', 'bees')).toBeNull();
    expect(cache.getSimilar('s', vector(1, 0))).toBeNull();
  });

  it('restarts the TTL of a query set again', () => {
    const time = clock();
    const cache = new QueryCache<string>({ ttlMs: 1_000, now: time.now });
    cache.set('s', 'bees', 'first', unscoped);
    time.advance(800);
    cache.set('s', 'bees', 'second', unscoped);
    time.advance(800);

    expect(cache.get('s', 'bees')).toBe('second');
  });

  it('evicts the oldest entries beyond maxEntries; setting a query again makes it young', () => {
    const cache = new QueryCache<string>({ maxEntries: 3 });
    for (const q of ['one', 'two', 'three']) cache.set('s', q, q, unscoped);
    cache.set('s', 'one', 'one again', unscoped);
    cache.set('s', 'four', 'four', unscoped);

    expect(cache.size).toBe(3);
    expect(cache.get('s', 'two')).toBeNull();
    expect(['one', 'three', 'four'].map((q) => cache.get('s', q))).toEqual(['one again', 'three', 'four']);

    cache.set('s', 'five', 'five', unscoped);
    expect(cache.get('s', 'three')).toBeNull();
    expect(cache.size).toBe(3);
  });

  it('invalidates, for a collection, the answers scoped to it and those covering every collection', () => {
    const cache = new QueryCache<string>();
    cache.set('s1', 'q', 'everything', { vector: null, collections: null });
    cache.set('s2', 'q', 'in a', { vector: null, collections: ['a'] });
    cache.set('s3', 'q', 'in a and b', { vector: null, collections: ['a', 'b'] });
    cache.set('s4', 'q', 'in b', { vector: null, collections: ['b'] });

    cache.invalidate('a');

    expect(['s1', 's2', 's3', 's4'].map((s) => cache.get(s, 'q'))).toEqual([null, null, null, 'in b']);
    expect(cache.size).toBe(1);
  });

  it('invalidates, for documents in no collection, only the answers not scoped to collections', () => {
    const cache = new QueryCache<string>();
    cache.set('s1', 'q', 'everything', { vector: vector(1), collections: null });
    cache.set('s2', 'q', 'in a', { vector: vector(1), collections: ['a'] });

    cache.invalidate(null);

    expect(cache.get('s1', 'q')).toBeNull();
    expect(cache.getSimilar('s1', vector(1))).toBeNull();
    expect(cache.get('s2', 'q')).toBe('in a');
  });

  it('forgets everything on clear', () => {
    const cache = new QueryCache<string>();
    cache.set('s', 'a', 'a', { vector: vector(1), collections: ['c'] });
    cache.set('s', 'b', 'b', unscoped);

    cache.clear();

    expect(cache.size).toBe(0);
    expect(cache.get('s', 'a')).toBeNull();
    expect(cache.getSimilar('s', vector(1))).toBeNull();
  });
});
