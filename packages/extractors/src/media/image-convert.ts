import sharp from 'sharp';
import { runFfmpeg, type FfmpegPaths } from './ffmpeg-tools.js';

/** Converting one page to PNG is quick; this bounds a hung converter on a pathological file. */
const CONVERT_TIMEOUT_MS = 120_000;
/** A page larger than this (in pixels) is refused by the decoder: a decompression bomb, not a scan. */
const MAX_PIXELS = 20_000 * 20_000;

/**
 * Writes the first frame of `source` as a PNG the OCR engine can read. TIFFs go through libvips (sharp),
 * which decodes every TIFF layout (tiles, deflate, JPEG, planar) where ffmpeg renders tiled pages blank;
 * everything else goes through ffmpeg, which reads more of the other formats.
 */
export async function convertToPng(
  source: string,
  png: string,
  opts: FfmpegPaths & { tiff: boolean; signal: AbortSignal },
): Promise<void> {
  if (opts.tiff) {
    opts.signal.throwIfAborted();
    await sharp(source, { page: 0, limitInputPixels: MAX_PIXELS }).png().toFile(png);
    return;
  }
  await runFfmpeg(['-i', source, '-frames:v', '1', png], 'image', {
    ...opts,
    timeoutMs: CONVERT_TIMEOUT_MS,
  });
}
