import path from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import { AppError, type Embedder, type EmbedderInfo, type EmbeddingKind } from '@sift/core';
import {
  isLocalPath,
  modelLoadError,
  prepareTransformers,
  type TransformersSource,
} from './transformers-setup.js';
import { batches, l2Normalize, withPrefix } from './vector-math.js';

/** How token vectors become one text vector: their attention-masked mean, or the first (`[CLS]`) token's. */
export type TransformersPooling = 'mean' | 'cls';

/** Options of {@link TransformersEmbedder}. */
export interface TransformersEmbedderOptions extends TransformersSource {
  /**
   * Hugging Face id of an ONNX feature-extraction export (default `Xenova/all-MiniLM-L6-v2`), looked up as
   * `<modelsDir>/<id>/…`, or the path of a local model directory.
   */
  model?: string;
  /** Id recorded with the vectors (default: the model id, or a local directory's name). */
  id?: string;
  /** Default `mean` (sentence-transformers models); bge models use `cls`. */
  pooling?: TransformersPooling;
  /**
   * Whether vectors are L2-normalised (default true). The Embedder port promises unit vectors; turn this off
   * only for a model whose output already is.
   */
  normalize?: boolean;
  /** Put before every query, e.g. `query: ` (e5) or bge's `Represent this sentence for searching relevant passages: `. */
  queryPrefix?: string;
  /** Put before every passage, e.g. `passage: ` (e5). */
  passagePrefix?: string;
  /** Texts per inference call (default 32): padding to the longest text in a batch costs memory. */
  batchSize?: number;
}

/** Default model of {@link TransformersEmbedder}: small (384 dimensions), English, mean pooling. */
export const DEFAULT_TRANSFORMERS_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';

type Extractor = TransformersModule.FeatureExtractionPipeline;

interface Loaded {
  extractor: Extractor;
  dimensions: number;
}

/**
 * Any feature-extraction model through transformers.js (ONNX Runtime on the CPU), fully local once the model
 * is in `modelsDir`. The model loads on first use and stays loaded until {@link close}. transformers.js keeps
 * its settings in one global `env`, so a process should use one `modelsDir` and download policy for all its
 * transformers.js models. Throws `MODEL_MISSING` (system, permanent) when the model is neither local nor
 * downloadable, `MODEL_LOAD_FAILED` when its files are there but unusable.
 */
export class TransformersEmbedder implements Embedder {
  private readonly model: string;
  private readonly id: string;
  private readonly batchSize: number;
  private loading: Promise<Loaded> | null = null;

  constructor(private readonly options: TransformersEmbedderOptions) {
    this.model = options.model ?? DEFAULT_TRANSFORMERS_EMBEDDING_MODEL;
    this.id = options.id ?? (isLocalPath(this.model) ? path.basename(path.resolve(this.model)) : this.model);
    this.batchSize = options.batchSize ?? 32;
  }

  async info(): Promise<EmbedderInfo> {
    const { dimensions } = await this.load();
    return { model: this.id, dimensions };
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    if (texts.length === 0) return [];
    const { extractor } = await this.load();
    const prefix = options.kind === 'query' ? this.options.queryPrefix : this.options.passagePrefix;
    const out: Float32Array[] = [];
    for (const batch of batches(texts, this.batchSize)) {
      // ONNX Runtime cannot be interrupted mid-inference; a cancelled job stops between batches.
      options.signal?.throwIfAborted();
      out.push(
        ...(await this.run(
          extractor,
          batch.map((text) => withPrefix(text, prefix)),
        )),
      );
    }
    return out;
  }

  async close(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    if (!loading) return;
    const loaded = await loading.catch(() => null);
    await loaded?.extractor.dispose();
  }

  private async run(extractor: Extractor, texts: string[]): Promise<Float32Array[]> {
    const output = await extractor(texts, { pooling: this.options.pooling ?? 'mean', normalize: false });
    const [rows, width] = output.dims as [number, number];
    const data = output.data as Float32Array;
    const vectors: Float32Array[] = [];
    for (let r = 0; r < rows; r++) {
      const row = data.subarray(r * width, (r + 1) * width);
      vectors.push(this.options.normalize === false ? Float32Array.from(row) : l2Normalize(row));
    }
    output.dispose();
    return vectors;
  }

  private load(): Promise<Loaded> {
    this.loading ??= this.loadPipeline().catch((err: unknown) => {
      this.loading = null; // the model may be put in place later; try again on the next call
      throw err;
    });
    return this.loading;
  }

  private async loadPipeline(): Promise<Loaded> {
    const { transformers, model, remote } = await prepareTransformers(this.options, this.model);
    let extractor: Extractor;
    try {
      extractor = await transformers.pipeline('feature-extraction', model, {
        device: 'cpu',
        local_files_only: !remote,
        ...(this.options.dtype ? { dtype: this.options.dtype as 'fp32' } : {}),
      });
    } catch (err) {
      throw this.loadError(err, remote);
    }
    try {
      // The dimension is what the model outputs (a Dense head may differ from config.hidden_size): ask it once.
      const [probe] = await this.run(extractor, ['dimension probe']);
      return { extractor, dimensions: probe!.length };
    } catch (err) {
      await extractor.dispose();
      const message = err instanceof Error ? err.message : String(err);
      throw new AppError('MODEL_LOAD_FAILED', 'system', `${this.model} loaded but cannot embed: ${message}`, {
        details: { model: this.model },
        retryable: false,
        cause: err,
      });
    }
  }

  private loadError(err: unknown, remote: boolean): AppError {
    return modelLoadError(err, {
      model: this.model,
      modelsDir: this.options.modelsDir,
      remote,
      files: 'config.json, tokenizer.json, onnx/model.onnx',
    });
  }
}
