import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@sift/core';
import { FsBlobStore } from './fs-blob-store.adapter.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function* chunks(parts: Uint8Array[], failAfter?: number): AsyncIterable<Uint8Array> {
  let i = 0;
  for (const p of parts) {
    if (failAfter !== undefined && i++ >= failAfter) throw new Error('connection reset by peer');
    yield p;
  }
}

async function readAll(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('FsBlobStore', () => {
  let root: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'sift-blobs-'));
    store = await new FsBlobStore(root).init();
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('stores streamed bytes under their sha256 and reads them back', async () => {
    const parts = [Buffer.from('hello '), Buffer.from('world'), Buffer.alloc(200_000, 7)];
    const whole = Buffer.concat(parts);
    const ref = await store.put(chunks(parts));
    expect(ref).toEqual({ sha256: sha(whole), size: whole.length });
    expect(await readAll(await store.open(ref.sha256))).toEqual(whole);
    expect(await store.localPath(ref.sha256)).toBe(
      path.join(root, ref.sha256.slice(0, 2), ref.sha256.slice(2, 4), ref.sha256),
    );
  });

  it('keeps one copy of identical content', async () => {
    const bytes = Buffer.from('same bytes twice');
    const [a, b] = await Promise.all([
      store.put(bytes),
      store.put(chunks([bytes.subarray(0, 4), bytes.subarray(4)])),
    ]);
    expect(a).toEqual(b);
    expect(await store.stats()).toEqual({ count: 1, bytes: bytes.length });
  });

  it('leaves neither a blob nor a temp file when the source fails midway', async () => {
    const parts = [Buffer.from('first part '), Buffer.from('second part')];
    await expect(store.put(chunks(parts, 1))).rejects.toThrow('connection reset by peer');
    expect(await filesUnder(root)).toEqual([]);
    expect(await store.exists(sha(Buffer.concat(parts)))).toBe(false);
  });

  it('refuses content over maxBytes while streaming and keeps nothing', async () => {
    let pulled = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(1024, 1);
      }
    }
    const err = await store.put(endless(), { maxBytes: 10 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BLOB_TOO_LARGE');
    expect((err as AppError).category).toBe('user');
    expect(pulled).toBe(11);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('sweeps temp files left by a crashed writer on init, but not one another process may be writing', async () => {
    const crashed = path.join(root, 'tmp', 'crashed.part');
    await fs.writeFile(crashed, 'half a file');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await fs.utimes(crashed, hourAgo, hourAgo);
    await fs.writeFile(path.join(root, 'tmp', 'in-flight.part'), 'being written');
    await new FsBlobStore(root).init({ tmpGraceMs: 60_000 });
    expect(await filesUnder(root)).toEqual(['tmp/in-flight.part']);
  });

  it('lists stored blobs with their size and write time', async () => {
    const a = await store.put(Buffer.from('first blob'));
    const b = await store.put(Buffer.from('second, longer blob'));
    const listed = [];
    for await (const blob of store.list()) listed.push(blob);
    expect(listed.map(({ sha256, size }) => ({ sha256, size })).sort((x, y) => x.size - y.size)).toEqual([
      a,
      b,
    ]);
    expect(listed.every((blob) => Date.now() - blob.modifiedAt.getTime() < 60_000)).toBe(true);
  });

  it('deletes blobs idempotently and reports missing ones as not found', async () => {
    const ref = await store.put(Buffer.from('to delete'));
    await store.delete(ref.sha256);
    await store.delete(ref.sha256);
    expect(await store.exists(ref.sha256)).toBe(false);
    await expect(store.open(ref.sha256)).rejects.toMatchObject({
      code: 'BLOB_NOT_FOUND',
      category: 'not_found',
    });
  });

  it('rejects ids that are not sha256 digests instead of touching other paths', async () => {
    await expect(store.localPath('../../etc/passwd')).rejects.toMatchObject({ code: 'BLOB_INVALID_ID' });
  });
});
