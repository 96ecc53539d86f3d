import path from 'node:path';
import { AppError } from '@sift/core';
import type * as TransformersModule from '@huggingface/transformers';
import { fetchWithConnectTimeout } from './connect-timeout-fetch.js';

/** Where transformers.js models come from; every transformers.js adapter of a process should share these. */
export interface TransformersSource {
  /** Where models are looked up and downloads are stored (`SIFT_MODELS_DIR`). */
  modelsDir: string;
  /** Whether a model missing from `modelsDir` may be downloaded (default false: an offline box fails fast). */
  allowRemoteModels?: boolean;
  /** Hub to download from (default huggingface.co); a mirror, or a local server in tests. */
  remoteHost?: string;
  /** How long to wait for a download's response headers before giving up (default 15 s). */
  connectTimeoutMs?: number;
  /** ONNX weights variant, e.g. `fp32`, `q8` (default: the library's choice, fp32 on the CPU). */
  dtype?: string;
}

/** A model id (`Xenova/…`) or a directory (absolute, `./`, `../`). */
export function isLocalPath(model: string): boolean {
  return path.isAbsolute(model) || model.startsWith('./') || model.startsWith('../');
}

/**
 * Imports transformers.js and points its one global `env` at the models directory and download policy.
 * Returns the module, the model argument to pass it (a directory resolved to an absolute path) and whether
 * downloads are allowed.
 */
export async function prepareTransformers(
  source: TransformersSource,
  model: string,
): Promise<{ transformers: typeof TransformersModule; model: string; remote: boolean }> {
  const transformers: typeof TransformersModule = await import('@huggingface/transformers');
  const { env } = transformers;
  const modelsDir = path.resolve(source.modelsDir) + path.sep;
  const remote = source.allowRemoteModels ?? false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
  env.cacheDir = modelsDir;
  env.allowRemoteModels = remote;
  if (source.remoteHost) env.remoteHost = source.remoteHost.replace(/\/?$/, '/');
  env.fetch = fetchWithConnectTimeout(source.connectTimeoutMs ?? 15_000);
  return { transformers, model: isLocalPath(model) ? path.resolve(model) : model, remote };
}

/**
 * What a failed model load means: `MODEL_MISSING` (the files are neither here nor downloadable; the message
 * says where to put them) or `MODEL_LOAD_FAILED` (they are here but unusable). Both system, permanent.
 */
export function modelLoadError(
  err: unknown,
  context: { model: string; modelsDir: string; remote: boolean; files: string },
): AppError {
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  const { model, remote } = context;
  // Neither the message nor the details name the models dir: they reach API clients (a failed document's
  // error, a search warning), and where the server keeps its files is not theirs to see.
  const details = { model, remote, reason: message };
  const unavailable =
    name === 'ModelFileNotFoundError' ||
    /not found|could not locate|fetch failed|allowRemoteModels|local_files_only|ENOTFOUND|ECONNREFUSED|no response/i.test(
      message,
    );
  if (unavailable) {
    // A model given as a directory is named by that path already (the operator's own setting).
    const where = isLocalPath(model)
      ? `put its files (${context.files}) in ${path.resolve(model)}`
      : `put it under SIFT_MODELS_DIR/${model}`;
    return new AppError(
      'MODEL_MISSING',
      'system',
      `${model} is not available offline: ${where} or allow downloads (SIFT_ALLOW_MODEL_DOWNLOADS)`,
      { details, retryable: false, cause: err },
    );
  }
  return new AppError('MODEL_LOAD_FAILED', 'system', `${model} could not be loaded: ${message}`, {
    details,
    retryable: false,
    cause: err,
  });
}
