import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directorySize } from './dir-size.js';

describe('directorySize', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sift-dirsize-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('sums the files of nested directories', async () => {
    await mkdir(path.join(dir, 'a', 'b'), { recursive: true });
    await writeFile(path.join(dir, 'top'), Buffer.alloc(100));
    await writeFile(path.join(dir, 'a', 'mid'), Buffer.alloc(20));
    await writeFile(path.join(dir, 'a', 'b', 'deep'), Buffer.alloc(3));
    expect(await directorySize(dir)).toBe(123);
  });

  it('does not follow symlinks, so nothing outside is counted', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'sift-dirsize-outside-'));
    try {
      await writeFile(path.join(outside, 'big'), Buffer.alloc(5000));
      await symlink(outside, path.join(dir, 'link-to-dir'));
      await symlink(path.join(outside, 'big'), path.join(dir, 'link-to-file'));
      await writeFile(path.join(dir, 'own'), Buffer.alloc(7));
      expect(await directorySize(dir)).toBe(7);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('counts a missing directory as empty', async () => {
    expect(await directorySize(path.join(dir, 'not-there'))).toBe(0);
  });
});
