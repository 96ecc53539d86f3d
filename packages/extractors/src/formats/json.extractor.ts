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

function corrupt(message: string, cause?: unknown): AppError {
  return new AppError('DOCUMENT_CORRUPT', 'user', `The JSON is invalid: ${message}`, {
    ...(cause === undefined ? {} : { cause }),
    retryable: false,
  });
}

/** Whitespace between values of a sequence; RS (0x1E) separates the records of RFC 7464 JSON text sequences. */
// eslint-disable-next-line no-control-regex -- RS (0x1E) is the record separator of RFC 7464
const SEPARATOR = /[\s\u001e]/u;

/** Where the top-level value starting at `start` ends (exclusive): brackets are matched outside strings. */
function valueEnd(text: string, start: number): number {
  const open = text[start];
  if (open !== '{' && open !== '[') {
    // A scalar runs to the next separator or bracket (strings may hold either, so they are scanned).
    if (open === '"') return stringEnd(text, start) ?? text.length;
    let i = start;
    while (i < text.length && !SEPARATOR.test(text[i]!) && text[i] !== '{' && text[i] !== '[') i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end === null) return text.length;
      i = end - 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** The index after the closing quote of the string opening at `start`, or null when it never closes. */
function stringEnd(text: string, start: number): number | null {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return null;
}

/**
 * The top-level values of a JSON text: one for plain JSON, several for concatenated JSON, JSON Lines
 * (`.jsonl`/`.ndjson`) and RFC 7464 sequences. Each value is cut out by bracket matching and given to
 * JSON.parse, so a damaged value is reported with its own position.
 */
export function parseJsonValues(text: string): unknown[] {
  try {
    return [JSON.parse(text)];
  } catch (err) {
    // One valid JSON document is the common case; only text that fails as a whole is read as a sequence.
    const values: unknown[] = [];
    let i = 0;
    while (i < text.length) {
      if (SEPARATOR.test(text[i]!)) {
        i++;
        continue;
      }
      const end = valueEnd(text, i);
      try {
        values.push(JSON.parse(text.slice(i, end)));
      } catch (inner) {
        throw corrupt(
          values.length === 0
            ? (err as Error).message
            : `value ${values.length + 1} at offset ${i}: ${(inner as Error).message}`,
          inner,
        );
      }
      i = end;
    }
    if (values.length === 0) throw corrupt((err as Error).message, err);
    return values;
  }
}

function addChunked(builder: TextBuilder, lines: string[]): void {
  for (let i = 0; i < lines.length; i += MAX_LINES_PER_BLOCK) {
    builder.add('paragraph', lines.slice(i, i + MAX_LINES_PER_BLOCK).join('\n'));
  }
}

/**
 * JSON as `path: value` lines (`a.b[0].c: x`). A top-level object gives one block per key; a top-level array
 * packs its elements into blocks of about ARRAY_PACK_LINES lines; no block exceeds MAX_LINES_PER_BLOCK.
 * Several top-level values (concatenated JSON, JSON Lines) read like the elements of a top-level array.
 * Invalid JSON is DOCUMENT_CORRUPT.
 */
export class JsonExtractor implements FormatExtractor {
  readonly extensions = ['json'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const { text } = decodeText(await readFile(input.path));
    const values = parseJsonValues(text);
    // A sequence of values reads like the elements of one top-level array.
    const value = values.length === 1 ? values[0] : values;
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
    const topLevel =
      values.length > 1
        ? 'sequence'
        : Array.isArray(value)
          ? 'array'
          : value === null
            ? 'null'
            : typeof value;
    return builder.build({
      metadata: { jsonType: topLevel, ...(values.length > 1 ? { valueCount: values.length } : {}) },
      extractor: { name: 'JSON.parse', version: process.versions.v8 ?? 'unknown' },
    });
  }
}
