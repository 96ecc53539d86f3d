import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, type ExtractionInput } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractionFailure, filesUnder } from '../../testing/archive-helpers.js';
import { expectConsistentOffsets } from '../../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../../testing/extraction-input.js';
import { writeRar } from '../../testing/rar-writer.js';
import { ArchiveExtractor } from '../archive.extractor.js';

let root: string;
const extractor = new ArchiveExtractor();
const failure = (input: ExtractionInput) => extractionFailure(extractor, input);

beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

describe('ArchiveExtractor: rar', () => {
  it('expands a RAR archive', async () => {
    const path = join(root, 'files.rar');
    await writeRar(path, [
      { name: 'docs', directory: true },
      { name: 'docs/a.txt', data: 'hello from rar' },
      { name: 'b.md', data: '# B' },
    ]);
    const out = await extractor.extract(await extractionInput(path, root));
    expect(expectConsistentOffsets(out)).toEqual(['docs/a.txt\nb.md']);
    expect(await readFile(out.embedded[0]!.path, 'utf8')).toBe('hello from rar');
    expect(out.extractor.name).toBe('node-unrar-js');
  });

  it('extracts several RAR archives concurrently, each into its own members', async () => {
    const paths = await Promise.all(
      ['one', 'two', 'three'].map(async (label) => {
        const path = join(root, `${label}.rar`);
        await writeRar(path, [
          { name: `${label}-a.txt`, data: `${label} a` },
          { name: `${label}-b.txt`, data: `${label} b` },
        ]);
        return path;
      }),
    );
    const outs = await Promise.all(paths.map(async (p) => extractor.extract(await extractionInput(p, root))));
    for (const [i, label] of ['one', 'two', 'three'].entries()) {
      const out = outs[i]!;
      expect(out.embedded.map((f) => f.name)).toEqual([`${label}-a.txt`, `${label}-b.txt`]);
      expect(await readFile(out.embedded[1]!.path, 'utf8')).toBe(`${label} b`);
    }
  });

  it('refuses a RAR archive with a parent-directory entry before writing anything', async () => {
    const path = join(root, 'evil.rar');
    await writeRar(path, [
      { name: 'ok.txt', data: 'fine' },
      { name: '../evil.txt', data: 'evil' },
    ]);
    const input = await extractionInput(path, root);
    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_UNSAFE_PATH');
    expect(await filesUnder(input.workDir)).toEqual([]);
  });

  it('refuses a RAR archive over maxTotalBytes while unrar writes, removing what it wrote', async () => {
    const path = join(root, 'big.rar');
    await writeRar(path, [
      { name: 'small.txt', data: 'y'.repeat(600) },
      { name: 'big.txt', data: 'x'.repeat(4096) },
    ]);
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 1000 };
    const input = await extractionInput(path, root, { archiveLimits: limits });
    const err = await failure(input);
    expect(err.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    expect(err.details).toMatchObject({ limit: 'maxTotalBytes', written: 600 });
    expect(await filesUnder(input.workDir)).toEqual([]);
  });

  it('never turns a RAR symlink entry into a link: it is skipped with a warning', async () => {
    const path = join(root, 'link.rar');
    await writeRar(path, [
      { name: 'passwd', data: '/etc/passwd', unixMode: 0o120777 },
      { name: 'real.txt', data: 'real' },
    ]);
    const input = await extractionInput(path, root);
    const out = await extractor.extract(input);
    expect(out.embedded.map((f) => f.name)).toEqual(['real.txt']);
    expect(out.warnings).toEqual(['Skipped passwd: not a regular file']);
    expect((await filesUnder(input.workDir)).length).toBe(1);
  });

  it('reports a damaged RAR archive as DOCUMENT_CORRUPT', async () => {
    const path = join(root, 'bad.rar');
    await writeFile(path, Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), Buffer.alloc(64, 0x55)]));
    const err = await failure(await extractionInput(path, root));
    expect(err.code).toBe('DOCUMENT_CORRUPT');
  });
});
