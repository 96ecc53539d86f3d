import { timed, type Embedder, type EmbedderInfo, type EmbeddingKind, type Telemetry } from '@sift/core';

/**
 * An Embedder that records each call into the model: a span `embed.batch`, its duration and the texts embedded,
 * by model (a bounded label: the configured model and those of older vector spaces). It sits under the
 * content-hash cache, so cache hits are not counted as embedded texts.
 */
export class MeteredEmbedder implements Embedder {
  constructor(
    private readonly inner: Embedder,
    private readonly telemetry: Telemetry,
  ) {}

  info(): Promise<EmbedderInfo> {
    return this.inner.info();
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    // Loaded once by the inner embedder; asked per call because a fallback may take over (ServingEmbedder).
    const { model } = await this.inner.info();
    const spec = {
      span: 'embed.batch',
      metric: 'sift_embedding_batch_duration_seconds',
      labels: { model },
      attributes: {
        'embedding.model': model,
        'embedding.texts': texts.length,
        'embedding.kind': options.kind,
      },
    } as const;
    const vectors = await timed(this.telemetry, spec, () => this.inner.embed(texts, options));
    this.telemetry.metrics.count('sift_embedding_texts_total', { model }, texts.length);
    return vectors;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
