import type { FileCategory } from './extraction.types.js';

/** Per-category size limits in bytes. */
export type SizeLimits = Record<FileCategory, number>;

/** The spec's limits: documents 100 MB, audio 500 MB, images 50 MB, archives 1 GB. */
export const DEFAULT_SIZE_LIMITS: SizeLimits = {
  document: 100 * 1024 ** 2,
  audio: 500 * 1024 ** 2,
  image: 50 * 1024 ** 2,
  archive: 1024 ** 3,
};
