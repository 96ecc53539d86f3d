import { AppError } from '@sift/core';
import {
  ChromaClient,
  ChromaConnectionError,
  ChromaNotFoundError,
  type Collection,
  type EmbeddingFunction,
} from 'chromadb';

/** Where the Chroma server is: `http(s)://host:port`, optionally `?tenant=…&database=…`. */
export function createChromaClient(url: string): ChromaClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw invalidUrl(url, err);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidUrl(url);
  const ssl = parsed.protocol === 'https:';
  return new ChromaClient({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : ssl ? 443 : 80,
    ssl,
    tenant: parsed.searchParams.get('tenant') ?? 'default_tenant',
    database: parsed.searchParams.get('database') ?? 'default_database',
  });
}

function invalidUrl(url: string, cause?: unknown): AppError {
  return new AppError('CONFIG_INVALID', 'user', `SIFT_VECTOR_URL is not an http(s) URL of a Chroma server`, {
    cause,
    retryable: false,
    details: { variable: 'SIFT_VECTOR_URL', value: url },
  });
}

/**
 * Records carry their own embeddings; this stands in for Chroma's embedding function so the client neither
 * loads its default model nor warns about a missing one, and fails loudly if anything asked it to embed text.
 */
const NO_EMBEDDING: EmbeddingFunction = {
  generate: async () => {
    throw new Error('Sift sends embeddings to Chroma; it never asks Chroma to compute them');
  },
};

/** HNSW settings of the collections Sift creates. */
export interface CollectionSettings {
  prefix: string;
  efSearch: number;
  efConstruction: number;
}

/**
 * One Chroma collection per vector space and generation, in cosine space. The generation (unique per creation
 * of the space in PostgreSQL) makes a dropped and re-created space a new collection, whatever its dimensions.
 * Names keep Chroma's rules (3–512 of `[A-Za-z0-9._-]`, alphanumeric at both ends): the space id with other
 * characters replaced, cut short, then the generation, which alone makes the name unique.
 */
export class ChromaCollections {
  private readonly cache = new Map<string, Collection>();

  constructor(
    private readonly client: ChromaClient,
    private readonly settings: CollectionSettings,
  ) {}

  name(space: string, generation: number): string {
    const readable = space.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 200);
    return `${this.settings.prefix}${readable}-g${generation}`;
  }

  /** The collection, created on first use. */
  async open(space: string, generation: number): Promise<Collection> {
    const name = this.name(space, generation);
    const cached = this.cache.get(name);
    if (cached) return cached;
    const collection = await call(() =>
      this.client.getOrCreateCollection({
        name,
        configuration: {
          hnsw: {
            space: 'cosine',
            ef_search: this.settings.efSearch,
            ef_construction: this.settings.efConstruction,
          },
        },
        metadata: { sift_space: space, sift_generation: generation },
        embeddingFunction: NO_EMBEDDING,
      }),
    );
    this.cache.set(name, collection);
    return collection;
  }

  /** The collection if it exists, else null (nothing was ever written to it). */
  async find(space: string, generation: number): Promise<Collection | null> {
    const name = this.name(space, generation);
    const cached = this.cache.get(name);
    if (cached) return cached;
    try {
      const collection = await call(() =>
        this.client.getCollection({ name, embeddingFunction: NO_EMBEDDING }),
      );
      this.cache.set(name, collection);
      return collection;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Deletes the collection; one already gone is fine. */
  async drop(space: string, generation: number): Promise<void> {
    const name = this.name(space, generation);
    this.cache.delete(name);
    try {
      await call(() => this.client.deleteCollection({ name }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Forgets a cached handle (its collection was deleted behind our back). */
  forget(space: string, generation: number): void {
    this.cache.delete(this.name(space, generation));
  }
}

/** True for Chroma's answers that a collection does not exist (404, or 400 naming it). */
export function isNotFound(err: unknown): boolean {
  const cause = err instanceof AppError ? err.cause : err;
  if (cause instanceof ChromaNotFoundError) return true;
  return cause instanceof Error && /does not exist|not found/i.test(cause.message);
}

/**
 * Runs a Chroma call, turning its failures into AppErrors: an unreachable server is
 * `VECTOR_INDEX_UNAVAILABLE` (unavailable, retryable), anything else `VECTOR_INDEX_FAILED` (third party).
 */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ChromaConnectionError) {
      throw new AppError('VECTOR_INDEX_UNAVAILABLE', 'unavailable', `Chroma is unreachable: ${message}`, {
        cause: err,
      });
    }
    throw new AppError('VECTOR_INDEX_FAILED', 'third_party', `Chroma refused a request: ${message}`, {
      cause: err,
    });
  }
}
