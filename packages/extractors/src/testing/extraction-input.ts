import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, type ExtractionInput } from '@sift/core';
import { extensionOfFilename, typeForExtension } from '../supported-types.js';

/** A fresh temp directory; remove it with `removeTempDir`. */
export function makeTempDir(prefix = 'sift-extractors-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/**
 * An ExtractionInput for a test file: type from the extension (or `extension`), size from the file, a new
 * private workDir under `workRoot`, default archive limits, depth 0 and a live signal, each overridable.
 */
export async function extractionInput(
  path: string,
  workRoot: string,
  overrides: Partial<ExtractionInput> & { extension?: string } = {},
): Promise<ExtractionInput> {
  const { extension, ...rest } = overrides;
  const filename = rest.filename ?? basename(path);
  const ext = extension ?? extensionOfFilename(filename);
  const type = typeForExtension(ext);
  if (!type) throw new Error(`test helper: no supported type for extension "${ext}"`);
  return {
    path,
    filename,
    type,
    size: (await stat(path)).size,
    workDir: await mkdtemp(join(workRoot, 'work-')),
    ocrLanguages: ['eng'],
    archiveLimits: DEFAULT_ARCHIVE_LIMITS,
    depth: 0,
    signal: new AbortController().signal,
    ...rest,
  };
}
