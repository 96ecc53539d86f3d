import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { TextExtractor } from './text.extractor.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

const POLISH =
  'Zażółć gęślą jaźń. Świetny dzień, żółw pływa w źródle.\n\nŁódź jest dużym miastem w Polsce, a Kraków ma piękny rynek.';
const GERMAN =
  'Größere Straßen führen über die Brücke.\n\nDie Bäume im Grünen sind schön, und Müller trinkt Kaffee.';

async function extract(name: string, bytes: Uint8Array) {
  const path = join(root, name);
  await writeFile(path, bytes);
  return new TextExtractor().extract(await extractionInput(path, root));
}

describe('TextExtractor', () => {
  it('reads UTF-8 with paragraphs as blocks and CRLF normalised before offsets', async () => {
    const out = await extract(
      'a.txt',
      Buffer.from('First line\r\nsame paragraph\r\n\r\n  \r\nSecond paragraph\r\n'),
    );
    expect(out.text).toBe('First line\nsame paragraph\n\nSecond paragraph');
    expect(expectConsistentOffsets(out)).toEqual(['First line\nsame paragraph', 'Second paragraph']);
    expect(out.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
    expect(out.metadata.encoding).toBe('utf-8');
  });

  it('strips a UTF-8 BOM', async () => {
    const out = await extract(
      'bom.txt',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Hello')]),
    );
    expect(out.text).toBe('Hello');
  });

  it('reads UTF-16LE with a BOM', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode(POLISH.replace(/\n/gu, '\r\n'), 'utf-16le'),
    ]);
    const out = await extract('utf16.txt', bytes);
    expect(out.text).toBe(POLISH);
    expect(out.metadata.encoding).toBe('utf-16le');
    expectConsistentOffsets(out);
  });

  it('reads windows-1250 Polish', async () => {
    const out = await extract('pl.txt', iconv.encode(POLISH, 'windows-1250'));
    expect(out.text).toBe(POLISH);
    expect(out.metadata.encoding).toBe('windows-1250');
    expect(expectConsistentOffsets(out)).toEqual(POLISH.split('\n\n'));
  });

  it('reads ISO-8859-1 German', async () => {
    const out = await extract('de.txt', iconv.encode(GERMAN, 'iso-8859-1'));
    expect(out.text).toBe(GERMAN);
    expect(out.metadata.encoding).toBe('iso-8859-1');
    expectConsistentOffsets(out);
  });

  it('gives an empty text for whitespace only', async () => {
    const out = await extract('blank.txt', Buffer.from('\n \n\t\n'));
    expect(out.text).toBe('');
    expect(expectConsistentOffsets(out)).toEqual([]);
  });
});
