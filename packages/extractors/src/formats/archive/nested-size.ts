import { open } from 'node:fs/promises';
import type { EmbeddedFile } from '@sift/core';
import yauzl from 'yauzl';

/** Entries of a nested zip read for their declared sizes at most; past that the zip counts as what was seen. */
const MAX_NESTED_ZIP_ENTRIES = 10_000;

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The uncompressed sizes a zip's central directory declares, summed; 0 for a zip yauzl cannot read. */
async function zipDeclaredBytes(path: string): Promise<number> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false });
  } catch {
    return 0;
  }
  let total = 0;
  let seen = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (++seen >= MAX_NESTED_ZIP_ENTRIES) break;
    }
  } catch {
    // A damaged directory declares what was read before the damage.
  } finally {
    zip.close();
  }
  return total;
}

/**
 * What the members that are themselves compressed archives declare they expand to: a gzip's ISIZE trailer
 * (its uncompressed size modulo 4 GiB) and a zip's central-directory sizes. Read without inflating anything,
 * it lets an archive whose members are small archives of huge content (a nested "bomb" such as a .tgz of
 * .tgz files) be refused as a whole, before its members become documents that expand one by one. Declared
 * sizes may understate; the expansion of the members themselves is still counted when they are extracted.
 */
export async function nestedDeclaredBytes(
  files: readonly EmbeddedFile[],
  signal: AbortSignal,
): Promise<number> {
  let total = 0;
  for (const file of files) {
    signal.throwIfAborted();
    if (file.size < 18) continue;
    const head = await readAt(file.path, 0, 4);
    if (head[0] === 0x1f && head[1] === 0x8b) {
      total += (await readAt(file.path, file.size - 4, 4)).readUInt32LE(0);
    } else if (head.readUInt32LE(0) === 0x04034b50) {
      total += await zipDeclaredBytes(file.path);
    }
  }
  return total;
}
