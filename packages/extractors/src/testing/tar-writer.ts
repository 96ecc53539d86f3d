import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

/** One member of a test tar. */
export interface TarEntrySpec {
  name: string;
  data?: string;
  /** Content is this many zero bytes, streamed (a bomb without holding it in memory). */
  zeroBytes?: number;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo';
  linkname?: string;
}

async function addEntry(pack: tar.Pack, spec: TarEntrySpec): Promise<void> {
  const type = spec.type ?? 'file';
  const base = { name: spec.name, type, mtime: new Date('2025-01-01T00:00:00Z') };
  if (spec.zeroBytes !== undefined) {
    const sink = pack.entry({ ...base, size: spec.zeroBytes });
    const chunk = Buffer.alloc(1024 * 1024);
    async function* zeros(): AsyncGenerator<Buffer> {
      for (let left = spec.zeroBytes!; left > 0; left -= chunk.length)
        yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    }
    await pipeline(Readable.from(zeros()), sink);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const headers = { ...base, ...(spec.linkname ? { linkname: spec.linkname } : {}) };
    pack.entry(headers, type === 'file' ? (spec.data ?? '') : undefined, (err) =>
      err ? reject(err) : resolve(),
    );
  });
}

/** Writes a tar (gzip-compressed with `gzip`) with the members as given, links and `..` names included. */
export async function writeTar(
  path: string,
  entries: TarEntrySpec[],
  options: { gzip?: boolean } = {},
): Promise<void> {
  const pack = tar.pack();
  const written = pipeline([
    pack,
    ...(options.gzip ? [createGzip({ level: 1 })] : []),
    createWriteStream(path),
  ]);
  for (const entry of entries) await addEntry(pack, entry);
  pack.finalize();
  await written;
}
