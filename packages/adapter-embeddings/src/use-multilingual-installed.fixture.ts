// Test fixture: where tests find USE-multilingual, installed by `sift models fetch use-multilingual-v3`.
import { fileURLToPath } from 'node:url';
import { isUseMultilingualInstalled } from './use-multilingual.embedder.js';

/**
 * SIFT_MODELS_DIR, else the repository's ./data/models, when the model is installed there. It is not a default
 * model (npm install does not fetch it), so its tests skip where it is missing (#13) — except in CI, which
 * fetches it (.ci/run) and sets SIFT_TEST_REQUIRE_SERVICES=1: there a missing model fails instead of skipping.
 */
export function useMultilingualModelsDir(): string | null {
  const dir = process.env.SIFT_MODELS_DIR ?? fileURLToPath(new URL('../../../data/models', import.meta.url));
  if (isUseMultilingualInstalled(dir)) return dir;
  if (process.env.SIFT_TEST_REQUIRE_SERVICES === '1') {
    throw new Error(
      `use-multilingual-v3 is not in ${dir}: run \`node packages/cli/bin/sift.js models fetch use-multilingual-v3\``,
    );
  }
  return null;
}
