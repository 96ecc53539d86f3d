import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import { bytePairCount, type RankMap } from './byte-pair-count.js';

// Byte-pair merging is quadratic in the length of one pre-tokenizer piece, and one piece can be a whole CJK
// sentence or a long run of symbols. Pieces longer than this are counted in slices of this length: exact for
// anything word-like, a close upper bound (a merge across a slice edge is missed) for the rare giant piece.
const MAX_PIECE_CHARS = 128;
// Counts of short pieces are cached (words repeat a lot); the cache is dropped when it grows past this so a
// long-running worker's memory stays bounded.
const MAX_CACHED_PIECE_CHARS = 32;
const MAX_CACHE_ENTRIES = 200_000;

let encoder: Tiktoken | undefined;
let ranks: RankMap | null | undefined;
const pieceCounts = new Map<string, number>();
const utf8 = new TextEncoder();

// Building the encoder parses ~100k ranks (~0.3 s); it happens on first use, once per process.
function loadEncoder(): Tiktoken {
  encoder ??= new Tiktoken(cl100kBase);
  return encoder;
}

// js-tiktoken keeps its ranks in `rankMap` (not in its typings). Counting with them directly is much faster
// on long pieces than its own merge loop; should a future version rename it, counting falls back to encode().
function loadRanks(): RankMap | null {
  if (ranks === undefined) {
    const internal: unknown = (loadEncoder() as unknown as { rankMap?: unknown }).rankMap;
    ranks = internal instanceof Map ? (internal as RankMap) : null;
  }
  return ranks;
}

// A fresh (stateful, global) regex per call, so a visitor that counts other text cannot disturb a scan.
function pattern(): RegExp {
  return new RegExp(cl100kBase.pat_str, 'gu');
}

function mergeCount(piece: string): number {
  const table = loadRanks();
  if (table !== null) return bytePairCount(utf8.encode(piece), table);
  // No special tokens allowed or disallowed: a document that contains "<|endoftext|>" is counted as the
  // plain text it is instead of throwing.
  return loadEncoder().encode(piece, [], []).length;
}

function pieceTokens(piece: string): number {
  if (piece.length <= MAX_CACHED_PIECE_CHARS) {
    const cached = pieceCounts.get(piece);
    if (cached !== undefined) return cached;
    const count = mergeCount(piece);
    if (pieceCounts.size >= MAX_CACHE_ENTRIES) pieceCounts.clear();
    pieceCounts.set(piece, count);
    return count;
  }
  if (piece.length <= MAX_PIECE_CHARS) return mergeCount(piece);
  let total = 0;
  for (let at = 0; at < piece.length;) {
    let to = Math.min(piece.length, at + MAX_PIECE_CHARS);
    const code = piece.charCodeAt(to - 1);
    if (to < piece.length && code >= 0xd800 && code <= 0xdbff) to -= 1;
    total += mergeCount(piece.slice(at, to));
    at = to;
  }
  return total;
}

/**
 * Calls `visit` for each cl100k_base pre-tokenizer piece of `text` with its span and its token count, in
 * order. The counts sum to `countTokens(text)`.
 */
export function forEachTokenPiece(
  text: string,
  visit: (start: number, end: number, tokens: number) => void,
): void {
  const re = pattern();
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    const piece = match[0];
    visit(match.index, match.index + piece.length, pieceTokens(piece));
  }
}

/**
 * Number of cl100k_base tokens of `text` (the tokenizer of OpenAI's embedding models, the usual yardstick
 * for embedding input limits). Equal to js-tiktoken's `encode(text).length` except inside pre-tokenizer
 * pieces longer than 128 characters (see MAX_PIECE_CHARS), which are counted in slices.
 */
export function countTokens(text: string): number {
  const re = pattern();
  let total = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) total += pieceTokens(match[0]);
  return total;
}
