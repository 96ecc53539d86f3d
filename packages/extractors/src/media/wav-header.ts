import { open } from 'node:fs/promises';

/** What a WAV file's RIFF header says about its audio data, next to what the file really holds. */
export interface WavHeader {
  /** Bytes of audio the `data` chunk declares; null when the writer left it open (streamed: 0xFFFFFFFF). */
  declaredBytes: number | null;
  /** Bytes of audio the file holds after the `data` chunk header. */
  availableBytes: number;
  /** Average bytes per second (`fmt ` chunk), 0 when the header does not say. */
  byteRate: number;
}

/** Chunks before `data` (fmt, LIST tags, a cover picture) are looked for in this much of the file. */
const HEAD_BYTES = 256 * 1024;
/** Writers that stream (ffmpeg to a pipe) leave the data size at its maximum; RF64 files put it elsewhere. */
const OPEN_SIZE = 0xffffffff;

/**
 * Reads the chunk list of a RIFF/WAVE file up to its `data` chunk. ffprobe reports the duration of the bytes
 * present, so a WAV cut short looks complete to it; the header still says how much audio was written.
 * Returns null for anything that is not a RIFF/WAVE file or has no `data` chunk in its first 256 KB.
 */
export async function readWavHeader(path: string): Promise<WavHeader | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    if (
      head.length < 12 ||
      head.toString('latin1', 0, 4) !== 'RIFF' ||
      head.toString('latin1', 8, 12) !== 'WAVE'
    ) {
      return null;
    }
    let byteRate = 0;
    for (let at = 12; at + 8 <= head.length;) {
      const id = head.toString('latin1', at, at + 4);
      const length = head.readUInt32LE(at + 4);
      const body = at + 8;
      if (id === 'fmt ' && body + 12 <= head.length) byteRate = head.readUInt32LE(body + 8);
      if (id === 'data') {
        const availableBytes = size - body;
        // A zero size over bytes that are there is a writer that never came back to fill it in.
        const unfinished = length === OPEN_SIZE || (length === 0 && availableBytes > 0);
        return { declaredBytes: unfinished ? null : length, availableBytes, byteRate };
      }
      // Chunks are padded to an even length.
      at = body + length + (length % 2);
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** The duration the header declares, in ms, or null when it does not say. */
export function declaredWavMs(header: WavHeader): number | null {
  if (header.declaredBytes === null || header.byteRate === 0) return null;
  return Math.round((header.declaredBytes / header.byteRate) * 1000);
}
