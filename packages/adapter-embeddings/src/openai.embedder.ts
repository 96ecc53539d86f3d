import { EmbeddingHttpClient, type EmbeddingHttpOptions } from './embedding-http.client.js';
import { RemoteEmbedder } from './remote-embedder.js';

/** Options of {@link OpenAiEmbedder}. */
export interface OpenAiEmbedderOptions extends EmbeddingHttpOptions {
  /** Server root, e.g. `https://api.openai.com`, `http://localhost:8000` (vLLM, TEI) or `http://localhost:11434/v1` (Ollama); a trailing `/v1` is fine. */
  baseUrl: string;
  apiKey?: string;
  /** Model name as the server knows it, e.g. `text-embedding-3-small`, `BAAI/bge-m3`, `nomic-embed-text`. */
  model: string;
  /** Id recorded with the vectors (default `openai:<model>`). */
  id?: string;
  /**
   * Requested output dimension (OpenAI's text-embedding-3 models shorten vectors on request); also the
   * expected one. Without it the dimension is learnt from the first answer.
   */
  dimensions?: number;
  /** Texts per request (default and maximum 128). */
  batchSize?: number;
  queryPrefix?: string;
  passagePrefix?: string;
}

/** OpenAI allows 2,048 inputs per request, but TEI and vLLM cap batches far lower; 128 suits all of them. */
const MAX_BATCH = 128;

interface EmbeddingsResponse {
  data?: { index?: unknown; embedding?: unknown }[];
}

/**
 * Embeddings from an OpenAI-compatible `POST /v1/embeddings` endpoint (`{ model, input: string[] }` →
 * `data[].embedding`, ordered by `data[].index`): OpenAI itself, vLLM, Hugging Face TEI, LM Studio, Ollama's
 * `/v1`. Sends `Authorization: Bearer` when a key is set; retries and error codes as {@link EmbeddingHttpClient}.
 */
export class OpenAiEmbedder extends RemoteEmbedder {
  private readonly url: string;
  private readonly http: EmbeddingHttpClient;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    const url = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/embeddings`;
    super({
      id: options.id ?? `openai:${options.model}`,
      url,
      batchSize: Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH),
      ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
      ...(options.queryPrefix !== undefined ? { queryPrefix: options.queryPrefix } : {}),
      ...(options.passagePrefix !== undefined ? { passagePrefix: options.passagePrefix } : {}),
    });
    this.url = url;
    this.http = new EmbeddingHttpClient(options.apiKey, options);
  }

  protected async requestBatch(texts: string[], signal?: AbortSignal): Promise<unknown[]> {
    const body = {
      model: this.options.model,
      input: texts,
      ...(this.options.dimensions !== undefined ? { dimensions: this.options.dimensions } : {}),
    };
    const json = (await this.http.postJson(this.url, body, signal)) as EmbeddingsResponse;
    if (!Array.isArray(json?.data)) throw this.badResponse('answered without a data array');
    const byIndex: unknown[] = new Array(texts.length);
    let seen = 0;
    for (const item of json.data) {
      const index = item?.index;
      if (
        typeof index !== 'number' ||
        !Number.isInteger(index) ||
        index < 0 ||
        index >= texts.length ||
        index in byIndex
      ) {
        throw this.badResponse(`answered with a missing, repeated or out-of-range index ${String(index)}`);
      }
      byIndex[index] = item.embedding;
      seen++;
    }
    if (seen !== texts.length) throw this.badResponse(`returned ${seen} vectors for ${texts.length} texts`);
    return byIndex;
  }
}
