import { cosine } from './vector-math.js';

/** Options of {@link QueryCache}. */
export interface QueryCacheOptions {
  /** How long an answer stays valid (default 5 minutes). */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first (default 1,000). */
  maxEntries?: number;
  /** Two queries of one scope whose vectors are at least this similar share an answer (default 0.97). */
  similarity?: number;
  now?: () => number;
}

interface Entry<T> {
  scope: string;
  text: string;
  vector: Float32Array | null;
  /** Collections the scope covers; null = every collection (and documents in none). */
  collections: string[] | null;
  value: T;
  expiresAt: number;
}

/**
 * The semantic query cache (spec 001): an answer is reused for the same query in the same scope (mode,
 * filters, paging: everything but the words) when its text normalises equal, or when its embedding is nearly
 * identical ("how do bees pollinate" / "how do bees pollinate?"). Entries expire after a TTL and are dropped
 * as soon as a document of their scope changes.
 */
export class QueryCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly similarity: number;
  private readonly now: () => number;
  readonly stats = { hits: 0, nearHits: 0, misses: 0 };

  constructor(options: QueryCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.similarity = options.similarity ?? 0.97;
    this.now = options.now ?? Date.now;
  }

  /** The cached answer for exactly this (normalised) query in `scope`. */
  get(scope: string, query: string): T | null {
    const entry = this.entries.get(key(scope, normalizeQuery(query)));
    if (entry && entry.expiresAt > this.now()) {
      this.stats.hits += 1;
      return entry.value;
    }
    return null;
  }

  /** The cached answer of a query in `scope` whose vector is nearly `vector`. */
  getSimilar(scope: string, vector: Float32Array): T | null {
    const now = this.now();
    let best: Entry<T> | null = null;
    let bestScore = this.similarity;
    for (const entry of this.entries.values()) {
      if (entry.scope !== scope || !entry.vector || entry.expiresAt <= now) continue;
      if (entry.vector.length !== vector.length) continue;
      const score = cosine(entry.vector, vector);
      if (score >= bestScore) [best, bestScore] = [entry, score];
    }
    if (best) this.stats.nearHits += 1;
    else this.stats.misses += 1;
    return best?.value ?? null;
  }

  set(
    scope: string,
    query: string,
    value: T,
    extra: { vector: Float32Array | null; collections: string[] | null },
  ): void {
    const text = normalizeQuery(query);
    const k = key(scope, text);
    this.entries.delete(k); // re-inserting moves it to the young end of the Map's order
    this.entries.set(k, { scope, text, value, ...extra, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops every answer that could include documents of `collectionId` (null: documents in no collection). */
  invalidate(collectionId: string | null): void {
    for (const [k, entry] of this.entries) {
      if (!entry.collections || (collectionId !== null && entry.collections.includes(collectionId))) {
        this.entries.delete(k);
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Lower case, punctuation to spaces, whitespace collapsed: the forms users type the same query in. */
export function normalizeQuery(query: string): string {
  return query
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function key(scope: string, text: string): string {
  return `${scope}\u0000${text}`;
}
