import path from 'node:path';
import { AppError, type Embedder, type EmbedderInfo, type EmbeddingKind } from '@sift/core';
import type { KnownEmbeddingModel, TransformersPooling } from './known-embedding-models.js';
import { modelDirectory, presetFor, resolveDtype } from './transformers-model-files.js';
import {
  startTransformersWorker,
  TransformersWorkerError,
  type TransformersRunner,
  type TransformersWorkerSettings,
} from './transformers-runner.js';
import { isLocalPath, modelLoadError, type TransformersSource } from './transformers-setup.js';
import { coalescing, type UseLiteRunner } from './use-lite-runner.js';
import { batches, withPrefix } from './vector-math.js';

export type { TransformersPooling } from './known-embedding-models.js';

/** Options of {@link TransformersEmbedder}; unset model settings come from the model's preset when it has one. */
export interface TransformersEmbedderOptions extends TransformersSource {
  /**
   * Hugging Face id of an ONNX feature-extraction export (default `Xenova/all-MiniLM-L6-v2`), looked up as
   * `<modelsDir>/<id>/…`, or the path of a local model directory.
   */
  model?: string;
  /** Id recorded with the vectors (default: the model id, or a local directory's name, plus `:q8` for int8). */
  id?: string;
  /** Default: the preset's (cls for bge), else `mean`. */
  pooling?: TransformersPooling;
  /**
   * Whether vectors are L2-normalised (default true). The Embedder port promises unit vectors; turn this off
   * only for a model whose output already is.
   */
  normalize?: boolean;
  /** Put before every query (default: the preset's, e.g. bge's retrieval instruction or e5's `query: `). */
  queryPrefix?: string;
  /** Put before every passage (default: the preset's, e.g. e5's `passage: `). */
  passagePrefix?: string;
  /** Texts are cut at this many tokens (default: the preset's trained length, else 512). */
  maxTokens?: number;
  /** Texts per inference call (default 32); texts are batched with others of similar length. */
  batchSize?: number;
  /**
   * Rows × padded tokens of one inference call at most (default {@link DEFAULT_MAX_BATCH_TOKENS}; 0: no bound):
   * a batch of long texts runs in slices, so the model's working memory stays bounded whatever the batch size.
   */
  maxBatchTokens?: number;
  /** ONNX Runtime threads per lane (default: one per core). */
  threads?: number;
  /** CPU niceness of the thread that embeds passages (default 10): ingestion yields to queries. */
  passageNice?: number;
}

/**
 * Default token budget of one inference call: 2 texts at 512 tokens, 4 of ~240 (1,000 characters), 64 short
 * queries. Measured on bge-small int8, 384 passages of ~1,000 characters in calls of 64 (2 cores): unbounded
 * 22.8–23.3 s and +570 MB over the loaded model; 4,096 tokens 21.9–22.4 s, +280 MB; 2,048 19.5–20.6 s,
 * +140 MB; 1,024 19.1–21.6 s, +80 MB. Smaller calls cost nothing in speed here, only memory is saved.
 */
export const DEFAULT_MAX_BATCH_TOKENS = 1024;

/** Default model of {@link TransformersEmbedder}: small (384 dimensions), English, mean pooling. */
export const DEFAULT_TRANSFORMERS_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';

/** The settings an embedder resolved from its options, the preset and the installed files. */
export interface TransformersEmbedderSettings {
  /** The model option: a hub id or a directory. */
  model: string;
  /** The model's name: its hub id, or the directory's name. */
  name: string;
  /** Id recorded with the vectors. */
  id: string;
  dtype: string;
  pooling: TransformersPooling;
  queryPrefix?: string;
  passagePrefix?: string;
  maxTokens: number;
  /** The preset's fusion weight, when the model has a preset. */
  hybridAlpha?: number;
}

interface Lane {
  runner: UseLiteRunner;
  dimensions: number;
}

/**
 * Any feature-extraction model through transformers.js (ONNX Runtime on the CPU), fully local once the model
 * is in `modelsDir`. Inference runs in worker threads, one per kind of text and each with its own copy of the
 * model, loaded when first used: queries are never queued behind a batch of passages, and the passage thread
 * runs at a lower CPU priority. Texts are embedded shortest first in batches of similar length (a batch is
 * padded to its longest text), then returned in input order. Throws `MODEL_MISSING` (system, permanent) when
 * the model is neither local nor downloadable, `MODEL_LOAD_FAILED` when its files are there but unusable.
 */
export class TransformersEmbedder implements Embedder {
  /** What this embedder runs, resolved at construction (the weights from the files installed then). */
  readonly settings: TransformersEmbedderSettings;
  private readonly batchSize: number;
  private readonly lanes: Record<EmbeddingKind, Promise<Lane> | null> = { query: null, passage: null };

  constructor(private readonly options: TransformersEmbedderOptions) {
    const model = options.model ?? DEFAULT_TRANSFORMERS_EMBEDDING_MODEL;
    const preset: KnownEmbeddingModel | undefined = presetFor(model);
    const dtype = resolveDtype(options.dtype, modelDirectory(model, options.modelsDir), preset);
    const name = isLocalPath(model) ? path.basename(path.resolve(model)) : model;
    const queryPrefix = options.queryPrefix ?? preset?.queryPrefix;
    const passagePrefix = options.passagePrefix ?? preset?.passagePrefix;
    this.settings = {
      model,
      name,
      // int8 vectors differ a little from fp32 ones: a change of weights is a new vector space.
      id: options.id ?? (dtype === 'fp32' ? name : `${name}:${dtype}`),
      dtype,
      pooling: options.pooling ?? preset?.pooling ?? 'mean',
      ...(queryPrefix ? { queryPrefix } : {}),
      ...(passagePrefix ? { passagePrefix } : {}),
      maxTokens: options.maxTokens ?? preset?.maxTokens ?? 512,
      ...(preset ? { hybridAlpha: preset.defaultHybridAlpha } : {}),
    };
    this.batchSize = options.batchSize ?? 32;
  }

  /** Loads a model thread if none is yet (the query one: a process that only searches needs no other). */
  async info(): Promise<EmbedderInfo> {
    const kind: EmbeddingKind = !this.lanes.query && this.lanes.passage ? 'passage' : 'query';
    const { dimensions } = await this.lane(kind);
    const { id, hybridAlpha } = this.settings;
    return { model: id, dimensions, ...(hybridAlpha !== undefined ? { hybridAlpha } : {}) };
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    if (texts.length === 0) return [];
    const { runner } = await this.lane(options.kind);
    const prefix = options.kind === 'query' ? this.settings.queryPrefix : this.settings.passagePrefix;
    const prepared = texts.map((text) => withPrefix(text, prefix));
    // Shortest first, so each batch holds texts of similar length and pads little; then back in input order.
    const order = prepared.map((_, i) => i).sort((a, b) => prepared[a]!.length - prepared[b]!.length);
    const out = new Array<Float32Array>(texts.length);
    for (const batch of batches(order, this.batchSize)) {
      // ONNX Runtime cannot be interrupted mid-inference; a cancelled job stops between batches.
      options.signal?.throwIfAborted();
      const vectors = await runner.embed(batch.map((i) => prepared[i]!));
      vectors.forEach((vector, k) => (out[batch[k]!] = vector as Float32Array));
    }
    return out;
  }

  async close(): Promise<void> {
    const lanes = [this.lanes.query, this.lanes.passage];
    this.lanes.query = this.lanes.passage = null;
    for (const loading of lanes) {
      const lane = await loading?.catch(() => null);
      await lane?.runner.dispose();
    }
  }

  private lane(kind: EmbeddingKind): Promise<Lane> {
    const loading = (this.lanes[kind] ??= this.startLane(kind).catch((err: unknown) => {
      this.lanes[kind] = null; // the model may be put in place later; try again on the next call
      throw err;
    }));
    return loading;
  }

  private async startLane(kind: EmbeddingKind): Promise<Lane> {
    const { settings, options } = this;
    const maxBatchTokens = options.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS;
    const worker: TransformersWorkerSettings = {
      model: isLocalPath(settings.model) ? path.resolve(settings.model) : settings.model,
      modelsDir: options.modelsDir,
      allowRemoteModels: options.allowRemoteModels ?? false,
      ...(options.remoteHost ? { remoteHost: options.remoteHost.replace(/\/?$/, '/') } : {}),
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      dtype: settings.dtype,
      pooling: settings.pooling,
      normalize: options.normalize ?? true,
      maxTokens: settings.maxTokens,
      ...(maxBatchTokens > 0 ? { maxBatchTokens } : {}),
      ...(options.threads ? { threads: options.threads } : {}),
      nice: kind === 'passage' ? (options.passageNice ?? 10) : 0,
    };
    let runner: TransformersRunner;
    try {
      runner = await startTransformersWorker(worker);
    } catch (err) {
      throw this.startError(err, worker.allowRemoteModels);
    }
    // Concurrent searches share model calls (passages already arrive batched).
    return {
      runner: kind === 'query' ? coalescing(runner, this.batchSize) : runner,
      dimensions: runner.dimensions,
    };
  }

  private startError(err: unknown, remote: boolean): AppError {
    const { model } = this.settings;
    if (err instanceof TransformersWorkerError && err.stage === 'load') {
      const weights = this.settings.dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
      return modelLoadError(err, {
        model,
        modelsDir: this.options.modelsDir,
        remote,
        files: `config.json, tokenizer.json, ${weights}`,
      });
    }
    const message = err instanceof Error ? err.message : String(err);
    const what =
      err instanceof TransformersWorkerError && err.stage === 'probe' ? 'loaded but cannot embed' : 'failed';
    return new AppError('MODEL_LOAD_FAILED', 'system', `${model} ${what}: ${message}`, {
      details: { model },
      retryable: false,
      cause: err,
    });
  }
}
