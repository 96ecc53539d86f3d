import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError, ExtractionInput } from '@sift/core';
import { expect } from 'vitest';
import type { FormatExtractor } from '../format-extractor.js';

/** Runs an extraction that must fail and returns its error. */
export async function extractionFailure(
  extractor: FormatExtractor,
  input: ExtractionInput,
): Promise<AppError> {
  const err = await extractor.extract(input).then(
    () => null,
    (e: unknown) => e as AppError,
  );
  expect(err, 'extraction should fail').not.toBeNull();
  return err!;
}

/** Every file left under a directory, recursively (to prove a refused extraction left nothing behind). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
}
