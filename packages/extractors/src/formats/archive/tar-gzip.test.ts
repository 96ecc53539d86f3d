import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DEFAULT_ARCHIVE_LIMITS, type ExtractionInput } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractionFailure, filesUnder } from '../../testing/archive-helpers.js';
import { expectConsistentOffsets } from '../../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../../testing/extraction-input.js';
import { writeTar } from '../../testing/tar-writer.js';
import { ArchiveExtractor } from '../archive.extractor.js';

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

describe('ArchiveExtractor: tar, tar.gz and gz', () => {
  it('expands a tar, skipping directories', async () => {
    const path = join(root, 'files.tar');
    await writeTar(path, [
      { name: 'src/', type: 'directory' },
      { name: 'src/main.txt', data: 'main' },
      { name: 'README', data: 'readme text' },
    ]);
    const out = await extractor.extract(await extractionInput(path, root));
    expect(expectConsistentOffsets(out)).toEqual(['src/main.txt\nREADME']);
    expect(await readFile(out.embedded[1]!.path, 'utf8')).toBe('readme text');
    expect(out.extractor.name).toBe('tar-stream');
  });

  it.each([
    ['symlink', { name: 'link', type: 'symlink' as const, linkname: '/etc/passwd' }],
    ['hard link', { name: 'hard', type: 'link' as const, linkname: 'good.txt' }],
    ['fifo', { name: 'pipe', type: 'fifo' as const }],
    ['parent segment', { name: '../../escape.txt', data: 'x' }],
  ])('refuses a tar with a %s and removes what it already wrote', async (_label, bad) => {
    const path = join(root, 'bad.tar.gz');
    await writeTar(path, [{ name: 'good.txt', data: 'written first' }, bad], { gzip: true });
    const input = await extractionInput(path, root);
    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_UNSAFE_PATH');
    expect(await filesUnder(input.workDir)).toEqual([]);
  });

  it('stops a tar.gz bomb while streaming, well before its 200 MB are written', async () => {
    const path = join(root, 'bomb.tar.gz');
    await writeTar(path, [{ name: 'zeros.bin', zeroBytes: 200 * MB }], { gzip: true });
    const input = await extractionInput(path, root);
    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.details.limit).toBe('maxCompressionRatio');
    const written = err.details.written as number;
    expect(written).toBeLessThanOrEqual(input.size * DEFAULT_ARCHIVE_LIMITS.maxCompressionRatio);
    expect(written).toBeLessThan(200 * MB);
    expect(await filesUnder(input.workDir)).toEqual([]);
  });

  it('reports garbage named .tar as DOCUMENT_CORRUPT', async () => {
    const path = join(root, 'junk.tar');
    await writeFile(path, Buffer.alloc(2048, 0x41));
    const err = await failure(await extractionInput(path, root));
    expect(err.code).toBe('DOCUMENT_CORRUPT');
  });

  it('expands a plain .gz into one member named without .gz', async () => {
    const path = join(root, 'notes.txt.gz');
    await pipeline(Readable.from([Buffer.from('gzipped notes\n')]), createGzip(), createWriteStream(path));
    const out = await extractor.extract(await extractionInput(path, root));
    expect(out.embedded.map((f) => f.name)).toEqual(['notes.txt']);
    expect(await readFile(out.embedded[0]!.path, 'utf8')).toBe('gzipped notes\n');
  });

  it('stops a .gz at maxTotalBytes while inflating (gzip has no trustworthy size header)', async () => {
    const path = join(root, 'zeros.gz');
    const chunk = Buffer.alloc(MB);
    await pipeline(
      Readable.from(Array.from({ length: 30 }, () => chunk)),
      createGzip(),
      createWriteStream(path),
    );
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 4 * MB, maxCompressionRatio: 1e9 };
    const input = await extractionInput(path, root, { archiveLimits: limits });
    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.details.limit).toBe('maxTotalBytes');
    expect(err.details.written as number).toBeLessThanOrEqual(4 * MB);
    expect(await filesUnder(input.workDir)).toEqual([]);
  });
});
