import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError, DetectedType, ExtractedText } from '@sift/core';
import { checkExtractedText } from '@sift/core';
import { FileContentDetector } from './content-detector.js';
import { createDocumentExtractor } from './document-extractor.js';
import { extractionInput, makeTempDir, removeTempDir } from './testing/extraction-input.js';
import { typeForExtension } from './supported-types.js';

/**
 * Garbage must not pass for text: files run through the real detector and extractors, then through the
 * verdict the ingest pipeline applies (checkExtractedText), as an upload would.
 */
const FIXTURES = fileURLToPath(new URL('../test-fixtures/', import.meta.url));
const EXTRACTION_DEV = fileURLToPath(new URL('../../../../shared/datasets/extraction-dev/', import.meta.url));
const OLE2_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');

const PROSE = {
  pl: 'Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. Są oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu braterstwa.',
  de: 'Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen.',
  ja: 'すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。',
};

let root: string;
const detector = new FileContentDetector();
const extractor = createDocumentExtractor();

beforeAll(async () => {
  root = await makeTempDir('sift-garbage-');
});
afterAll(() => removeTempDir(root));

/** Deterministic noise (a linear congruential generator), so a failure replays exactly. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, bytes);
  return path;
}

/** Detects and extracts like the pipeline; `type` skips detection (as if the detector had let it through). */
async function extract(
  path: string,
  type?: DetectedType,
): Promise<{ type: DetectedType; out: ExtractedText }> {
  const filename = path.split('/').pop()!;
  const detected = type ?? (await detector.detect({ path, filename }));
  return {
    type: detected,
    out: await extractor.extract(await extractionInput(path, root, { type: detected })),
  };
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a throw');
}

describe('garbage is refused, real text is kept', () => {
  it('refuses the CJK soup LibreOffice makes of random bytes behind an OLE2 magic, named .doc', async () => {
    const path = await file('damaged.doc', Buffer.concat([OLE2_MAGIC, noise(20_000, 7)]));
    // The detector refuses it first (invalid compound-file header) …
    await expect(detector.detect({ path, filename: 'damaged.doc' })).rejects.toMatchObject({
      code: 'DOCUMENT_CORRUPT',
    });
    // … and were it let through, LibreOffice reads the bytes as UTF-16 text, which the verdict refuses.
    const { out } = await extract(path, typeForExtension('doc')!);
    expect(out.text).toMatch(/\p{sc=Han}/u);
    expect(out.text).toMatch(/\p{sc=Hangul}/u);
    const err = thrown(() => checkExtractedText(out, typeForExtension('doc')!));
    expect(err).toMatchObject({ code: 'DOCUMENT_UNREADABLE', category: 'user', retryable: false });
  }, 120_000);

  it('keeps a real .doc converted by LibreOffice', async () => {
    const { type, out } = await extract(join(FIXTURES, 'sample.doc'));
    expect(out.text).toContain('Zażółć gęślą jaźń');
    expect(checkExtractedText(out, type)).toEqual([]);
  }, 120_000);

  it('refuses a single random byte named as a text format before extraction', async () => {
    for (const name of ['one.html', 'one.md', 'one.csv']) {
      const path = await file(name, Buffer.from([0xb1]));
      await expect(extract(path), name).rejects.toMatchObject({ code: 'DOCUMENT_UNREADABLE' });
    }
  });

  it('reads an Arabic windows-1256 page whose meta tag claims UTF-8 as Arabic, not U+FFFD', async () => {
    const { type, out } = await extract(join(EXTRACTION_DEV, 'testArabicMisleadingCharset.html'));
    expect(out.metadata.encoding).toBe('windows-1256');
    expect(out.text).not.toContain('\uFFFD');
    expect(out.text).toMatch(/\p{sc=Arabic}{4}/u);
    expect(checkExtractedText(out, type)).toEqual([]);
  });

  it.each([
    ['polish.txt', PROSE.pl, 'windows-1250'],
    ['german.md', PROSE.de, 'iso-8859-1'],
    ['japanese.csv', PROSE.ja, 'shift_jis'],
  ])('reads %s in its legacy charset exactly', async (name, prose, encoding) => {
    // A CSV cell with commas is quoted; the Japanese prose has none (its commas are ideographic).
    const { type, out } = await extract(await file(name, iconv.encode(prose, encoding)));
    expect(out.metadata.encoding).toBe(encoding);
    expect(out.text).toBe(prose);
    expect(checkExtractedText(out, type)).toEqual([]);
  });

  it('fails a text file with no words as EMPTY_TEXT', async () => {
    for (const [name, content] of [
      ['blank.txt', ' \n\n\t \n'],
      ['rules.md', '---\n\n***\n'],
      ['commas.csv', ',,,\n,,,\n'],
    ]) {
      const { type, out } = await extract(await file(name!, content!));
      expect(thrown(() => checkExtractedText(out, type)).code, name).toBe('EMPTY_TEXT');
    }
  });

  it('passes Tika’s real text fixtures (UTF-8, UTF-16LE, ASCII) without a warning', async () => {
    for (const name of ['testTXTNonASCIIUTF8.txt', 'testHTML_charset_utf16le.html', 'testCSV.csv']) {
      const path = await file(name, await readFile(join(EXTRACTION_DEV, name)));
      const { type, out } = await extract(path);
      expect(checkExtractedText(out, type), name).toEqual([]);
    }
  });
});
