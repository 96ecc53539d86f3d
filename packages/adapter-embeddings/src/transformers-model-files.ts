import fs from 'node:fs';
import path from 'node:path';
import { knownEmbeddingModel, type KnownEmbeddingModel } from './known-embedding-models.js';
import { isLocalPath } from './transformers-setup.js';

/** Which ONNX weights to load: `auto` picks among those installed (see {@link resolveDtype}). */
export type EmbeddingDtype = 'auto' | 'fp32' | 'q8';

/** transformers.js's file for each dtype, under the model directory. */
const WEIGHTS: Record<'fp32' | 'q8', string> = {
  fp32: path.join('onnx', 'model.onnx'),
  q8: path.join('onnx', 'model_quantized.onnx'),
};

/** Where transformers.js looks for a model: a directory given as such, else `<modelsDir>/<id>`. */
export function modelDirectory(model: string, modelsDir: string): string {
  return isLocalPath(model) ? path.resolve(model) : path.join(path.resolve(modelsDir), model);
}

/** The ONNX weights installed in a model directory. */
export function installedDtypes(dir: string): ('fp32' | 'q8')[] {
  return (['fp32', 'q8'] as const).filter((dtype) => fs.existsSync(path.join(dir, WEIGHTS[dtype])));
}

/**
 * Whether a model is installed completely enough to load offline: its config, tokenizer and at least one of
 * the ONNX weights (a half-finished copy of a directory does not count).
 */
export function isModelInstalled(model: string, modelsDir: string): boolean {
  const dir = modelDirectory(model, modelsDir);
  return (
    fs.existsSync(path.join(dir, 'config.json')) &&
    fs.existsSync(path.join(dir, 'tokenizer.json')) &&
    installedDtypes(dir).length > 0
  );
}

/**
 * The weights to load. An explicit dtype is taken as asked. `auto` takes the one installed, or of both (or, to
 * download, of neither) the one that keeps quality: int8 when the preset measured it within 0.01 nDCG@10 of
 * fp32, else fp32 — an unknown model gets fp32, its reference weights.
 */
export function resolveDtype(
  requested: string | undefined,
  dir: string,
  preset: KnownEmbeddingModel | undefined,
): string {
  if (requested && requested !== 'auto') return requested;
  const installed = installedDtypes(dir);
  if (installed.length === 1) return installed[0]!;
  return preset?.int8KeepsQuality ? 'q8' : 'fp32';
}

/** The preset of a model given by id, or by a directory laid out as `<…>/<org>/<name>` like the models dir. */
export function presetFor(model: string): KnownEmbeddingModel | undefined {
  if (!isLocalPath(model)) return knownEmbeddingModel(model);
  return knownEmbeddingModel(path.resolve(model).split(path.sep).slice(-2).join('/'));
}
