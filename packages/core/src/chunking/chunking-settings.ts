import { AppError } from '../errors.js';
import type { ChunkingSettings } from './chunking.types.js';

const STRATEGIES: readonly ChunkingSettings['strategy'][] = ['recursive', 'structure', 'token'];

/** Smallest allowed `size` per strategy: characters for recursive/structure, tokens for token. */
export const MIN_CHUNK_SIZE: Readonly<Record<ChunkingSettings['strategy'], number>> = {
  recursive: 50,
  structure: 50,
  token: 8,
};

/**
 * Checks chunking settings: a known strategy, an integer `size` of at least MIN_CHUNK_SIZE, and an integer
 * `overlap` with 0 ≤ overlap < size / 2 (more would make neighbours mostly the same text).
 * @throws AppError `CHUNKING_SETTINGS_INVALID` (user) listing every problem in `details.problems`.
 */
export function validateChunkingSettings(settings: ChunkingSettings): void {
  const { strategy, size, overlap } = settings;
  const problems: { field: keyof ChunkingSettings; message: string }[] = [];
  if (!STRATEGIES.includes(strategy)) {
    problems.push({ field: 'strategy', message: `must be one of ${STRATEGIES.join(', ')}` });
  }
  const minSize = MIN_CHUNK_SIZE[strategy] ?? MIN_CHUNK_SIZE.recursive;
  const sizeOk = Number.isSafeInteger(size) && size >= minSize;
  if (!sizeOk) problems.push({ field: 'size', message: `must be an integer ≥ ${minSize}` });
  if (!Number.isSafeInteger(overlap) || overlap < 0) {
    problems.push({ field: 'overlap', message: 'must be an integer ≥ 0' });
  } else if (sizeOk && overlap * 2 >= size) {
    problems.push({ field: 'overlap', message: `must be less than half of size (${size})` });
  }
  if (problems.length === 0) return;
  throw new AppError(
    'CHUNKING_SETTINGS_INVALID',
    'user',
    `Invalid chunking settings: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
    { details: { strategy, size, overlap, problems }, retryable: false },
  );
}
