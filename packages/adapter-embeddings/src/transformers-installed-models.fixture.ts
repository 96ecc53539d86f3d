// Test fixture: where tests and benches find real embedding models installed by `sift models fetch`.
import { fileURLToPath } from 'node:url';
import { isModelInstalled } from './transformers-model-files.js';

/**
 * SIFT_MODELS_DIR, else the repository's ./data/models (where `sift models fetch` puts models at npm install
 * and in CI). Throws, rather than letting a test skip, when `model` is not installed there.
 */
export function installedModelsDir(model: string, fetchName: string): string {
  const dir = process.env.SIFT_MODELS_DIR ?? fileURLToPath(new URL('../../../data/models', import.meta.url));
  if (!isModelInstalled(model, dir)) {
    throw new Error(
      `Embedding model ${model} is not in ${dir}: run \`node packages/cli/bin/sift.js models fetch ${fetchName}\` (or set SIFT_MODELS_DIR)`,
    );
  }
  return dir;
}
