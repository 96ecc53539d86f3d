import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, type ExtractionInput } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractionFailure, filesUnder } from '../testing/archive-helpers.js';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { writeZip } from '../testing/zip-writer.js';
import { ArchiveExtractor } from './archive.extractor.js';

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

describe('ArchiveExtractor: zip', () => {
  it('writes every member under workDir and lists them as one list block', async () => {
    const path = join(root, 'bundle.zip');
    await writeZip(path, [
      { name: 'docs/', data: '' },
      { name: 'docs/readme.txt', data: 'Read me first.' },
      { name: 'data/table.csv', data: 'a,b\n1,2\n', method: 'store' },
      { name: './notes/ünïcode.md', data: '# Title' },
    ]);
    const input = await extractionInput(path, root);
    const out = await extractor.extract(input);

    expect(expectConsistentOffsets(out)).toEqual(['docs/readme.txt\ndata/table.csv\nnotes/ünïcode.md']);
    expect(out.blocks[0]!.kind).toBe('list');
    expect(out.embedded.map((f) => [f.name, f.size])).toEqual([
      ['docs/readme.txt', 14],
      ['data/table.csv', 8],
      ['notes/ünïcode.md', 7],
    ]);
    for (const file of out.embedded) expect(file.path.startsWith(input.workDir + '/')).toBe(true);
    expect(await readFile(out.embedded[1]!.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(out.metadata).toMatchObject({ entryCount: 3, totalBytes: 29 });
    expect(out.extractor.name).toBe('yauzl');
  });

  it('refuses a zip bomb (200 MB of zeros) before writing it, leaving workDir empty', async () => {
    const path = join(root, 'bomb.zip');
    await writeZip(path, [{ name: 'zeros.bin', zeroBytes: 200 * MB }]);
    const input = await extractionInput(path, root);
    expect(input.size).toBeLessThan(MB);

    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ limit: 'maxCompressionRatio', declared: 200 * MB, written: 0 });
    expect(await filesUnder(input.workDir)).toEqual([]);
  });

  it('refuses by total size when the ratio is allowed', async () => {
    const path = join(root, 'big.zip');
    await writeZip(path, [{ name: 'zeros.bin', zeroBytes: 20 * MB }]);
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 5 * MB, maxCompressionRatio: 1e9 };
    const err = await failure(await extractionInput(path, root, { archiveLimits: limits }));
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.details).toMatchObject({ limit: 'maxTotalBytes', max: 5 * MB });
  });

  it('stops an entry that inflates past the size its headers declare, as corrupt', async () => {
    const path = join(root, 'liar.zip');
    await writeZip(path, [
      { name: 'ok.txt', data: 'fine' },
      { name: 'liar.bin', zeroBytes: 50 * MB, declaredSize: 1000 },
    ]);
    const input = await extractionInput(path, root);
    const err = await failure(input);
    expect(err.code).toBe('DOCUMENT_CORRUPT');
    expect(err.retryable).toBe(false);
    expect(await filesUnder(input.workDir)).toEqual([]);
  });

  it('refuses more entries than maxEntries', async () => {
    const path = join(root, 'many.zip');
    await writeZip(
      path,
      Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.txt`, data: `file ${i}` })),
    );
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 3 };
    const err = await failure(await extractionInput(path, root, { archiveLimits: limits }));
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.details).toMatchObject({ limit: 'maxEntries', max: 3 });
  });

  it.each([
    ['../evil.txt', '../evil.txt', 'parent directory segment'],
    ['docs/../../evil.txt', 'docs/../../evil.txt', 'parent directory segment'],
    ['/etc/x', '/etc/x', 'absolute path'],
    ['C:/Windows/evil.dll', 'C:/Windows/evil.dll', 'drive letter'],
    // Backslashes are separators to Windows tools; yauzl turns them into slashes before we check.
    ['a\\..\\..\\evil.txt', 'a/../../evil.txt', 'parent directory segment'],
  ])('refuses the whole archive for the unsafe entry %s', async (name, entry, reason) => {
    const path = join(root, 'traversal.zip');
    await writeZip(path, [
      { name: 'good.txt', data: 'harmless' },
      { name, data: 'owned' },
    ]);
    const input = await extractionInput(path, root);
    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_UNSAFE_PATH');
    expect(err.retryable).toBe(false);
    expect(err.details).toEqual({ entry, reason });
    expect(await filesUnder(input.workDir)).toEqual([]);
    expect(await filesUnder(root)).toEqual([path]);
  });

  it('refuses a zip holding a symbolic link', async () => {
    const path = join(root, 'link.zip');
    await writeZip(path, [{ name: 'passwd', data: '/etc/passwd', method: 'store', unixMode: 0o120777 }]);
    const err = await failure(await extractionInput(path, root));
    expect(err.code).toBe('ARCHIVE_UNSAFE_PATH');
    expect(err.details).toMatchObject({ reason: 'symbolic link' });
  });

  it('reports a truncated zip as DOCUMENT_CORRUPT', async () => {
    const path = join(root, 'cut.zip');
    await writeZip(path, [{ name: 'a.txt', data: 'some text that is long enough '.repeat(50) }]);
    await truncate(path, Math.floor((await stat(path)).size / 2));
    const err = await failure(await extractionInput(path, root));
    expect(err.code).toBe('DOCUMENT_CORRUPT');
    expect(err.retryable).toBe(false);
  });

  it('reports a zip whose only members are encrypted as DOCUMENT_ENCRYPTED', async () => {
    const path = join(root, 'locked.zip');
    // Traditional encryption prefixes 12 header bytes, so the stored data is 12 bytes longer than declared.
    await writeZip(path, [
      { name: 'secret.txt', data: 'xxxxxxxxxxxxyyyy', method: 'store', encrypted: true, declaredSize: 4 },
    ]);
    const err = await failure(await extractionInput(path, root));
    expect(err.code).toBe('DOCUMENT_ENCRYPTED');
  });

  it('refuses an archive nested deeper than maxDepth, and accepts one at the limit', async () => {
    const path = join(root, 'inner.zip');
    await writeZip(path, [{ name: 'a.txt', data: 'deep' }]);
    const max = DEFAULT_ARCHIVE_LIMITS.maxDepth;
    const err = await failure(await extractionInput(path, root, { depth: max }));
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.details).toMatchObject({ limit: 'maxDepth', depth: max + 1, max });
    const ok = await extractor.extract(await extractionInput(path, root, { depth: max - 1 }));
    expect(ok.embedded.map((f) => f.name)).toEqual(['a.txt']);
  });
});

describe('ArchiveExtractor: 7z', () => {
  it('refuses 7z archives with a clear message', async () => {
    const path = join(root, 'a.7z');
    await writeFile(path, Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]));
    const err = await failure(await extractionInput(path, root));
    expect(err.code).toBe('UNSUPPORTED_TYPE');
    expect(err.message).toBe('7z archives are not supported; repack as zip or tar');
  });
});
