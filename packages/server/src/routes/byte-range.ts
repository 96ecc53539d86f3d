/** An inclusive byte range of a file, as a `Range: bytes=…` header asks for it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range a `Range` header asks for within a file of `size` bytes: `null` to send the whole file (no
 * header, another unit, or several ranges — browsers' media players ask for one, and a full 200 answers any
 * request correctly), `'unsatisfiable'` when it starts past the end (416).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/u.exec(header?.trim() ?? '');
  if (!match) return null;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '' && to === '') return null;
  if (from === '') {
    // `bytes=-N`: the last N bytes.
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return 'unsatisfiable';
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return null;
  return { start, end };
}

/**
 * The bytes `range` of a blob read as a stream: the blob store streams from the start, so the bytes before
 * the range are read and dropped. Media players seek rarely and files are local, so this costs little and
 * keeps ranges out of the BlobStore port.
 */
export async function* sliceBytes(
  source: AsyncIterable<Uint8Array>,
  range: ByteRange,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for await (const chunk of source) {
    const chunkEnd = offset + chunk.length;
    if (chunkEnd > range.start) {
      const from = Math.max(0, range.start - offset);
      const to = Math.min(chunk.length, range.end + 1 - offset);
      if (to > from) yield chunk.subarray(from, to);
    }
    offset = chunkEnd;
    if (offset > range.end) return;
  }
}
