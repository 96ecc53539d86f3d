import { join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, type ExtractionInput } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractionFailure, filesUnder } from '../../testing/archive-helpers.js';
import { extractionInput, makeTempDir, removeTempDir } from '../../testing/extraction-input.js';
import { writeZip } from '../../testing/zip-writer.js';
import { ArchiveExtractor } from '../archive.extractor.js';

const CORPUS = new URL('../../../../../../shared/datasets/extraction-dev/', import.meta.url).pathname;
const MB = 1024 * 1024;
let root: string;
const extractor = new ArchiveExtractor();
const failure = (input: ExtractionInput) => extractionFailure(extractor, input);

beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

describe('ArchiveExtractor: limits over the whole upload', () => {
  it('refuses a 1.3 KB .tgz of .tgz files whose members declare 26 MB, writing nothing (TIKA-216)', async () => {
    const input = await extractionInput(join(CORPUS, 'TIKA-216.tgz'), root);
    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.details).toMatchObject({ limit: 'maxCompressionRatio' });
    expect(await filesUnder(input.workDir)).toEqual([]);
  });

  it('counts a nested archive against what its upload already became', async () => {
    const path = join(root, 'inner.zip');
    await writeZip(path, [{ name: 'a.txt', data: 'x'.repeat(4096) }]);
    const treeUsage = { rootSize: 10_000, expandedBytes: 10 * MB, descendants: 9 };
    const byBytes = await failure(await extractionInput(path, root, { depth: 1, treeUsage }));
    expect(byBytes.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(byBytes.details).toMatchObject({ limit: 'maxCompressionRatio', tree: 10 * MB });

    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 9 };
    const small = { rootSize: 100_000, expandedBytes: 0, descendants: 9 };
    const byCount = await failure(
      await extractionInput(path, root, { depth: 1, treeUsage: small, archiveLimits: limits }),
    );
    expect(byCount.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(byCount.message).toContain('across its nested archives');
  });

  it('expands the same nested archive when the upload still has room', async () => {
    const path = join(root, 'inner.zip');
    await writeZip(path, [{ name: 'a.txt', data: 'hello' }]);
    const treeUsage = { rootSize: 100_000, expandedBytes: 1000, descendants: 3 };
    const out = await extractor.extract(await extractionInput(path, root, { depth: 1, treeUsage }));
    expect(out.embedded.map((f) => f.name)).toEqual(['a.txt']);
  });
});

describe('ArchiveExtractor: old and irregular layouts', () => {
  it('expands a v7 tar without the ustar magic', async () => {
    const out = await extractor.extract(await extractionInput(join(CORPUS, 'testTAR_no_magic.tar'), root));
    expect(out.embedded.length).toBeGreaterThan(0);
  });

  it('expands a zip whose directory offsets miscount its data descriptors, by its local headers', async () => {
    const input = await extractionInput(join(CORPUS, 'testZip_with_DataDescriptor.zip'), root);
    const out = await extractor.extract(input);
    expect(out.embedded.map((f) => [f.name, f.size])).toEqual(
      ['en0', 'en1', 'en2', 'en3', 'en4'].map((name) => [name, 4]),
    );
  });
});
