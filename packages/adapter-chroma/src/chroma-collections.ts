import { AppError } from '@sift/core';
import {
  ChromaClient,
  ChromaConnectionError,
  ChromaNotFoundError,
  type Collection,
  type EmbeddingFunction,
} from 'chromadb';

/** How long one request to Chroma may take, unless told otherwise: far beyond a search or a batch upsert. */
export const CHROMA_TIMEOUT_MS = 30_000;

/**
 * Where the Chroma server is: `http(s)://host:port`, optionally `?tenant=…&database=…`. Every request of the
 * client (and of its collections) fails after `timeoutMs` (default {@link CHROMA_TIMEOUT_MS}): a server that
 * accepts connections but never answers makes calls fail retryably (`VECTOR_INDEX_UNAVAILABLE`, see `call`)
 * instead of holding a search or the outbox drain forever.
 */
export function createChromaClient(url: string, options: { timeoutMs?: number } = {}): ChromaClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw invalidUrl(url, err);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidUrl(url);
  const ssl = parsed.protocol === 'https:';
  const client = new ChromaClient({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : ssl ? 443 : 80,
    ssl,
    tenant: parsed.searchParams.get('tenant') ?? 'default_tenant',
    database: parsed.searchParams.get('database') ?? 'default_database',
  });
  limitRequestTime(client, options.timeoutMs ?? CHROMA_TIMEOUT_MS);
  return client;
}

/** The part of chromadb's generated HTTP client (`ChromaClient.apiClient`) that carries its fetch. */
interface ChromaHttpClient {
  getConfig(): { fetch?: (request: Request) => Promise<Response> };
  setConfig(config: { fetch: (request: Request) => Promise<Response> }): unknown;
}

/**
 * chromadb's client has no timeout option, and `fetchOptions.signal` would be one signal for every request.
 * Its HTTP client (shared by the collections it opens) takes its `fetch` from its config: wrapped here, each
 * request gets a deadline that aborts it — connecting, waiting for the answer and reading its body. The
 * client is private in chromadb's types (pinned at 3.0.14), so its shape is checked at start.
 */
function limitRequestTime(client: ChromaClient, timeoutMs: number): void {
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new AppError('CONFIG_INVALID', 'user', `the Chroma timeout must be > 0 ms, got ${timeoutMs}`, {
      retryable: false,
    });
  }
  const http = (client as unknown as { apiClient?: Partial<ChromaHttpClient> }).apiClient;
  const send = http?.getConfig?.().fetch;
  if (!http?.setConfig || !send) {
    throw new Error(
      'chromadb changed: its client no longer exposes the fetch this adapter puts a deadline on',
    );
  }
  http.setConfig({
    fetch: async (request) => {
      const deadline = AbortSignal.timeout(timeoutMs);
      try {
        return await send(new Request(request, { signal: AbortSignal.any([request.signal, deadline]) }));
      } catch (err) {
        if (deadline.aborted) throw timedOut(timeoutMs, err);
        throw err;
      }
    },
  });
}

function timedOut(timeoutMs: number, cause?: unknown): AppError {
  return new AppError(
    'VECTOR_INDEX_UNAVAILABLE',
    'unavailable',
    `Chroma did not answer within ${timeoutMs} ms`,
    { cause, retryable: true, details: { timeoutMs } },
  );
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
    // A deadline that passed while the answer's body was read (limitRequestTime) aborts the read itself.
    const aborted = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    if (err instanceof ChromaConnectionError || aborted) {
      throw new AppError('VECTOR_INDEX_UNAVAILABLE', 'unavailable', `Chroma is unreachable: ${message}`, {
        cause: err,
      });
    }
    throw new AppError('VECTOR_INDEX_FAILED', 'third_party', `Chroma refused a request: ${message}`, {
      cause: err,
    });
  }
}
