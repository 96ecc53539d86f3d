import { tokenMeasure } from './chunk-measure.js';
import { cutChunks, type Span } from './chunk-cutter.js';

/**
 * The `token` strategy: the recursive strategy's boundaries, with `size` and `overlap` counted in
 * cl100k_base tokens. Every chunk is checked with an exact count, so none exceeds `size` tokens.
 */
export function splitByTokens(text: string, size: number, overlap: number): Span[] {
  return cutChunks(text, tokenMeasure(text), size, overlap);
}
