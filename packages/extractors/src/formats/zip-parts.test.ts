import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { resolvePartPath, ZipParts } from './zip-parts.js';

const DOCX = fileURLToPath(new URL('../../test-fixtures/sample.docx', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

describe('ZipParts', () => {
  it('lists parts and reads them as text, undefined for a part that is not there', async () => {
    const zip = await ZipParts.open(DOCX);
    try {
      expect(zip.names()).toContain('word/document.xml');
      expect(await zip.readText('word/document.xml')).toMatch(/^<\?xml/u);
      expect(await zip.readText('nope.xml')).toBeUndefined();
    } finally {
      zip.close();
    }
  });

  it('fails with ARCHIVE_LIMIT_EXCEEDED when reading would pass the byte limit', async () => {
    const zip = await ZipParts.open(DOCX, { maxTotalBytes: 100 });
    try {
      await expect(zip.read('word/document.xml')).rejects.toMatchObject({
        code: 'ARCHIVE_LIMIT_EXCEEDED',
        retryable: false,
        details: { part: 'word/document.xml', maxBytes: 100 },
      });
    } finally {
      zip.close();
    }
  });

  it('fails with DOCUMENT_CORRUPT for a file that is not a ZIP', async () => {
    const path = join(dir, 'not.zip');
    await writeFile(path, 'PK but not really');
    await expect(ZipParts.open(path)).rejects.toMatchObject({ code: 'DOCUMENT_CORRUPT', retryable: false });
  });
});

describe('resolvePartPath', () => {
  it('resolves relationship targets relative to the referring part, with .. and absolute targets', () => {
    expect(resolvePartPath('ppt/slides/slide1.xml', '../notesSlides/notesSlide1.xml')).toBe(
      'ppt/notesSlides/notesSlide1.xml',
    );
    expect(resolvePartPath('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePartPath('xl/workbook.xml', '/xl/sharedStrings.xml')).toBe('xl/sharedStrings.xml');
    expect(resolvePartPath('a.xml', '../../../etc/passwd')).toBe('etc/passwd');
  });
});
