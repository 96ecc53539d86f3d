import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { AppError, type BlobRef, type BlobSource, type BlobStore } from '@sift/core';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Blobs on the local file system at `<root>/<aa>/<bb>/<sha256>`. Bytes are streamed to a temp file in
 * `<root>/tmp`, fsynced, then renamed into place and the directory fsynced: rename is atomic on one file
 * system, so a reader sees the whole blob or none, a blob acknowledged to a client survives an OS crash, and
 * a crash leaves at most a temp file (swept once it is old enough not to be another process's upload).
 */
export class FsBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  /**
   * Creates the directories and removes temp files a crashed writer left behind — only those older than
   * `tmpGraceMs`, since another process sharing the data dir (`sift worker`) may be writing one right now.
   */
  async init(options: { tmpGraceMs?: number } = {}): Promise<this> {
    await fs.mkdir(this.tmpDir, { recursive: true });
    await this.sweepTemp(new Date(Date.now() - (options.tmpGraceMs ?? 15 * 60_000)));
    return this;
  }

  async sweepTemp(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const name of await fs.readdir(this.tmpDir).catch(() => [] as string[])) {
      const file = path.join(this.tmpDir, name);
      const info = await fs.stat(file).catch(() => null);
      if (info && info.mtimeMs < olderThan.getTime()) {
        await fs.rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async *list(): AsyncIterable<{ sha256: string; size: number; modifiedAt: Date }> {
    for (const entry of await fs.readdir(this.root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !SHA256.test(entry.name)) continue;
      const info = await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => null);
      if (info) yield { sha256: entry.name, size: info.size, modifiedAt: info.mtime };
    }
  }

  async put(source: BlobSource, options: { maxBytes?: number } = {}): Promise<BlobRef> {
    await fs.mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const out = createWriteStream(tmp, { flags: 'wx' });
    try {
      const chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array> =
        source instanceof Uint8Array ? [source] : source;
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw new AppError(
            'BLOB_TOO_LARGE',
            'user',
            `content exceeds the limit of ${options.maxBytes} bytes`,
            {
              details: { maxBytes: options.maxBytes },
            },
          );
        }
        hash.update(chunk);
        // Respect back-pressure so a fast source cannot buffer a whole upload in memory.
        if (!out.write(chunk)) await once(out, 'drain');
      }
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      const handle = await fs.open(tmp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      await fs.mkdir(path.dirname(final), { recursive: true });
      // Same name ⇒ same bytes: renaming over an existing blob is harmless and keeps one copy.
      await fs.rename(tmp, final);
      // The rename is durable only once its directory is: an upload is acknowledged after this returns.
      await syncDirectory(path.dirname(final));
      return { sha256, size };
    } catch (err) {
      out.destroy();
      // The stream may not have created its file yet: removing it before then would leave it behind.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async open(sha256: string): Promise<AsyncIterable<Uint8Array>> {
    const file = this.pathOf(sha256);
    if (!(await this.exists(sha256))) throw notFound(sha256);
    return createReadStream(file);
  }

  async localPath(sha256: string): Promise<string> {
    if (!(await this.exists(sha256))) throw notFound(sha256);
    return this.pathOf(sha256);
  }

  async exists(sha256: string): Promise<boolean> {
    const file = this.pathOf(sha256);
    try {
      return (await fs.stat(file)).isFile();
    } catch {
      return false;
    }
  }

  async delete(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }

  async stats(): Promise<{ count: number; bytes: number }> {
    let count = 0;
    let bytes = 0;
    for (const entry of await fs.readdir(this.root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && SHA256.test(entry.name)) {
        count += 1;
        bytes += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
      }
    }
    return { count, bytes };
  }

  private pathOf(sha256: string): string {
    // Names come from our own hashing, but a caller could pass anything: never let it escape the root.
    if (!SHA256.test(sha256))
      throw new AppError('BLOB_INVALID_ID', 'user', 'a blob id is a lowercase sha256 hex digest');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

function notFound(sha256: string): AppError {
  return new AppError('BLOB_NOT_FOUND', 'not_found', `blob ${sha256} does not exist`, {
    details: { sha256 },
  });
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
