import { readFile } from 'node:fs/promises';
import { AppError, type ExtractedText, type ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { decodeText } from '../text-decoding.js';

/** Lines per block at most; a bigger top-level entry is split so no block is unbounded. */
const MAX_LINES_PER_BLOCK = 100;
/** Elements of a top-level array are packed into blocks of up to this many lines. */
const ARRAY_PACK_LINES = 50;
/** Nesting below this depth is summarised rather than walked (guards the recursion). */
const MAX_DEPTH = 64;

function keyPath(parent: string, key: string): string {
  if (/^[\p{L}\p{N}_$-]+$/u.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s*\n\s*/gu, ' ') : String(value);
}

/** `path: value` lines of a JSON value, depth-first in document order. */
export function flattenJson(value: unknown, path: string, out: string[] = [], depth = 0): string[] {
  const label = path === '' ? '' : `${path}: `;
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${label}[]`);
    else if (depth >= MAX_DEPTH) out.push(`${label}[…]`);
    else value.forEach((v, i) => flattenJson(v, `${path}[${i}]`, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) out.push(`${label}{}`);
    else if (depth >= MAX_DEPTH) out.push(`${label}{…}`);
    else for (const [k, v] of entries) flattenJson(v, keyPath(path, k), out, depth + 1);
  } else {
    out.push(`${label}${scalar(value)}`);
  }
  return out;
}

function addChunked(builder: TextBuilder, lines: string[]): void {
  for (let i = 0; i < lines.length; i += MAX_LINES_PER_BLOCK) {
    builder.add('paragraph', lines.slice(i, i + MAX_LINES_PER_BLOCK).join('\n'));
  }
}

/**
 * JSON as `path: value` lines (`a.b[0].c: x`). A top-level object gives one block per key; a top-level array
 * packs its elements into blocks of about ARRAY_PACK_LINES lines; no block exceeds MAX_LINES_PER_BLOCK.
 * Invalid JSON is DOCUMENT_CORRUPT.
 */
export class JsonExtractor implements FormatExtractor {
  readonly extensions = ['json'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const { text } = decodeText(await readFile(input.path));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new AppError('DOCUMENT_CORRUPT', 'user', `The JSON is invalid: ${(err as Error).message}`, {
        cause: err,
        retryable: false,
      });
    }
    const builder = new TextBuilder();
    if (Array.isArray(value)) {
      let pack: string[] = [];
      value.forEach((element, i) => {
        const lines = flattenJson(element, `[${i}]`);
        if (pack.length > 0 && pack.length + lines.length > ARRAY_PACK_LINES) {
          addChunked(builder, pack);
          pack = [];
        }
        pack.push(...lines);
      });
      addChunked(builder, pack);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) addChunked(builder, flattenJson(v, keyPath('', key)));
    } else {
      builder.add('paragraph', scalar(value));
    }
    const topLevel = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    return builder.build({
      metadata: { jsonType: topLevel },
      extractor: { name: 'JSON.parse', version: process.versions.v8 ?? 'unknown' },
    });
  }
}
