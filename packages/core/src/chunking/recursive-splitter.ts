import { charMeasure } from './chunk-measure.js';
import { cutChunks, type Span } from './chunk-cutter.js';

/**
 * The `recursive` strategy: chunks of at most `size` characters cut at the last blank line, else line break,
 * else sentence end (`. `, `? `, `! `, CJK `。`), else whitespace that fits — a single word longer than `size`
 * is the only thing cut mid-word — with up to `overlap` characters repeated from the previous chunk.
 */
export function splitRecursive(text: string, size: number, overlap: number): Span[] {
  return cutChunks(text, charMeasure(text), size, overlap);
}
