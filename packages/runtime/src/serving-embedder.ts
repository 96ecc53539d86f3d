import {
  AppError,
  silentLogger,
  type Embedder,
  type EmbedderInfo,
  type EmbeddingKind,
  type Logger,
} from '@sift/core';

/** Which embedder this process runs, and why (the readiness detail and `sift status` show it). */
export interface EmbedderStatus {
  engine: 'use-lite' | 'transformers' | 'openai' | 'ollama';
  /** Id recorded with the vectors, e.g. `BAAI/bge-small-en-v1.5:q8`, `use-lite`. */
  model: string;
  /** transformers: the ONNX weights (`fp32`, `q8`) and the pooling. */
  dtype?: string;
  pooling?: string;
  /** Why this one serves; never names a directory (readiness answers anyone who can reach the server). */
  reason: string;
  /** The latest failure to load the model, until it loads. */
  error?: string;
}

/** `transformers BAAI/bge-small-en-v1.5 (q8, cls) — found in SIFT_MODELS_DIR`. */
export function describeEmbedder(status: EmbedderStatus): string {
  const how = [status.dtype, status.pooling].filter(Boolean).join(', ');
  const name = status.engine === status.model ? status.engine : `${status.engine} ${status.model}`;
  return `${name}${how ? ` (${how})` : ''} — ${status.reason}`;
}

/** The embedder to use when the first choice turns out to be missing (a download that failed). */
export interface EmbedderFallback {
  create(): Embedder;
  status: EmbedderStatus;
}

const LOAD_ERRORS = new Set(['MODEL_MISSING', 'MODEL_LOAD_FAILED']);

/**
 * The configured embedder, telling which it is and whether its model loads. With a fallback (auto mode, a
 * model not yet downloaded), the choice is made once, before the first vector: if the model proves missing
 * (the hub unreachable, downloads failing), the fallback serves for the life of the process, so one process
 * never writes vectors of two models; the next start tries the model again.
 */
export class ServingEmbedder implements Embedder {
  private current: EmbedderStatus;
  private chosen: Promise<Embedder> | null = null;
  private fallbackEmbedder: Embedder | null = null;

  constructor(
    private readonly primary: Embedder,
    status: EmbedderStatus,
    private readonly options: { fallback?: EmbedderFallback; logger?: Logger } = {},
  ) {
    this.current = status;
  }

  /** Which embedder serves now (the fallback's status once it took over). */
  status(): EmbedderStatus {
    return { ...this.current };
  }

  async info(): Promise<EmbedderInfo> {
    return this.observe(async () => (await this.choose()).info());
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    return this.observe(async () => (await this.choose()).embed(texts, options));
  }

  async close(): Promise<void> {
    await this.primary.close();
    await this.fallbackEmbedder?.close();
  }

  private choose(): Promise<Embedder> {
    const { fallback } = this.options;
    if (!fallback) return Promise.resolve(this.primary);
    this.chosen ??= this.primary.info().then(
      () => this.primary,
      async (err: unknown) => {
        if (!(err instanceof AppError && err.code === 'MODEL_MISSING')) {
          this.chosen = null; // present but broken: say so, and try again next time
          throw err;
        }
        await this.primary.close();
        const reason = (err.details as { reason?: string } | undefined)?.reason ?? err.message;
        this.current = {
          ...fallback.status,
          reason: `${this.current.model} could not be downloaded (${reason}): ${fallback.status.reason}`,
        };
        (this.options.logger ?? silentLogger).warn(
          { embedder: this.current },
          `embedder: ${describeEmbedder(this.current)}`,
        );
        this.fallbackEmbedder = fallback.create();
        return this.fallbackEmbedder;
      },
    );
    return this.chosen;
  }

  private async observe<T>(run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      delete this.current.error;
      return result;
    } catch (err) {
      if (err instanceof AppError && LOAD_ERRORS.has(err.code))
        this.current.error = `${err.code}: ${err.message}`;
      throw err;
    }
  }
}
