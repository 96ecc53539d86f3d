import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppError } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileContentDetector } from './content-detector.js';
import { makeTempDir, removeTempDir } from './testing/extraction-input.js';

/** Bytes that are not what their name says are refused before any extractor turns them into garbage text. */
const FIXTURES = fileURLToPath(new URL('../test-fixtures/', import.meta.url));
const EXTRACTION_DEV = fileURLToPath(new URL('../../../../shared/datasets/extraction-dev/', import.meta.url));
const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** Deterministic noise (a linear congruential generator), so a failure replays exactly. */
function noiseBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

let root: string;
let counter = 0;
const detector = new FileContentDetector();

beforeAll(async () => {
  root = await makeTempDir();
});
afterAll(() => removeTempDir(root));

async function detect(filename: string, bytes: Uint8Array) {
  const dir = join(root, String(++counter));
  await mkdir(dir);
  const path = join(dir, filename);
  await writeFile(path, bytes);
  return detector.detect({ path, filename });
}

async function refusal(filename: string, bytes: Uint8Array): Promise<AppError> {
  return (await detect(filename, bytes).then(
    () => {
      throw new Error(`expected ${filename} to be refused`);
    },
    (e: unknown) => e,
  )) as AppError;
}

describe('FileContentDetector on garbage', () => {
  it('refuses binary data named as a text format as DOCUMENT_UNREADABLE', async () => {
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const err = await refusal('data.txt', noise);
    expect(err).toMatchObject({ code: 'DOCUMENT_UNREADABLE', category: 'user', retryable: false });
    expect(err.message).toBe('The file is named .txt but its bytes are not text in any known encoding');
    for (const name of ['page.html', 'notes.md', 'table.csv', 'data.json', 'mail.eml']) {
      expect((await refusal(name, noiseBytes(3000, name.length))).code, name).toBe('DOCUMENT_UNREADABLE');
    }
  });

  it('refuses a file of one random byte above 0x7F named as text, instead of reading it as U+FFFD', async () => {
    // chardet calls any single high byte "UTF-32LE, confidence 80"; decoded that way it became U+FFFD.
    for (let byte = 0x80; byte <= 0xff; byte++) {
      for (const name of ['page.html', 'notes.md', 'table.csv', 'a.txt']) {
        const err = await refusal(name, Buffer.from([byte]));
        expect(err.code, `${name} holding 0x${byte.toString(16)}`).toBe('DOCUMENT_UNREADABLE');
      }
    }
  });

  it('refuses an OLE2 magic followed by random bytes named .doc/.xls/.ppt as DOCUMENT_CORRUPT', async () => {
    for (const name of ['letter.doc', 'sheet.xls', 'deck.ppt']) {
      for (let seed = 1; seed <= 5; seed++) {
        const err = await refusal(name, Buffer.concat([OLE_MAGIC, noiseBytes(30_000, seed)]));
        expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', category: 'user', retryable: false });
        expect(err.message).toMatch(
          /^The \.(doc|xls|ppt) file is damaged: its compound-file header is invalid$/u,
        );
      }
    }
    expect((await refusal('short.doc', Buffer.concat([OLE_MAGIC, Buffer.alloc(100)]))).code).toBe(
      'DOCUMENT_CORRUPT',
    );
  });

  it('accepts the compound-file headers of real .doc, .xls and .ppt files', async () => {
    const real = [
      join(FIXTURES, 'sample.doc'),
      join(FIXTURES, 'sample.xls'),
      join(EXTRACTION_DEV, 'testWORD6.doc'),
      join(EXTRACTION_DEV, 'testPPT_masterText.ppt'),
      join(EXTRACTION_DEV, 'testEXCEL_phonetic.xls'),
    ];
    for (const file of real) {
      const name = file.split('/').pop()!;
      expect((await detect(name, await readFile(file))).extension, name).toBe(name.split('.').pop());
    }
  });
});
