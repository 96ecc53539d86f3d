import { EmbeddingHttpClient, type EmbeddingHttpOptions } from './embedding-http.client.js';
import { RemoteEmbedder } from './remote-embedder.js';

/** Options of {@link OllamaEmbedder}. */
export interface OllamaEmbedderOptions extends EmbeddingHttpOptions {
  /** Server root, e.g. `http://localhost:11434`. */
  baseUrl: string;
  /** Model name as pulled into Ollama, e.g. `nomic-embed-text`, `mxbai-embed-large`, `bge-m3`. */
  model: string;
  /** Id recorded with the vectors (default `ollama:<model>`). */
  id?: string;
  /** Expected dimension; without it the dimension is learnt from the first answer. */
  dimensions?: number;
  /** Texts per request (default 64). */
  batchSize?: number;
  /** For a reverse proxy in front of Ollama; Ollama itself has no keys. */
  apiKey?: string;
  /** e.g. `search_query: ` for nomic-embed-text. */
  queryPrefix?: string;
  /** e.g. `search_document: ` for nomic-embed-text. */
  passagePrefix?: string;
}

/**
 * Embeddings from Ollama's native `POST /api/embed` (`{ model, input: string[] }` → `embeddings`, in input
 * order). A model that was never pulled is a 404, so `EMBEDDER_REJECTED` with Ollama's message ("model … not
 * found, try pulling it first"); retries and error codes as {@link EmbeddingHttpClient}.
 */
export class OllamaEmbedder extends RemoteEmbedder {
  private readonly url: string;
  private readonly http: EmbeddingHttpClient;

  constructor(private readonly options: OllamaEmbedderOptions) {
    const url = `${options.baseUrl.replace(/\/+$/, '')}/api/embed`;
    super({
      id: options.id ?? `ollama:${options.model}`,
      url,
      batchSize: options.batchSize ?? 64,
      ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
      ...(options.queryPrefix !== undefined ? { queryPrefix: options.queryPrefix } : {}),
      ...(options.passagePrefix !== undefined ? { passagePrefix: options.passagePrefix } : {}),
    });
    this.url = url;
    this.http = new EmbeddingHttpClient(options.apiKey, options);
  }

  protected async requestBatch(texts: string[], signal?: AbortSignal): Promise<unknown[]> {
    const json = (await this.http.postJson(
      this.url,
      { model: this.options.model, input: texts },
      signal,
    )) as {
      embeddings?: unknown;
    };
    if (!Array.isArray(json?.embeddings)) throw this.badResponse('answered without an embeddings array');
    return json.embeddings as unknown[];
  }
}
