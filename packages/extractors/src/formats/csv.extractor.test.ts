import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { CsvExtractor, detectDelimiter, ROWS_PER_BLOCK } from './csv.extractor.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

async function extract(name: string, content: string) {
  const path = join(root, name);
  await writeFile(path, content);
  return new CsvExtractor().extract(await extractionInput(path, root));
}

describe('CsvExtractor', () => {
  it('parses quoted commas, quotes and line breaks inside cells', async () => {
    const out = await extract(
      'people.csv',
      'name,city,note\r\n"Smith, John",Berlin,"said ""hi"""\r\nAnna,"Kraków","two\r\nlines"\r\n',
    );
    expect(expectConsistentOffsets(out)).toEqual([
      'name\tcity\tnote\nSmith, John\tBerlin\tsaid "hi"\nAnna\tKraków\ttwo lines',
    ]);
    expect(out.blocks[0]!.kind).toBe('table');
    expect(out.metadata).toMatchObject({ rows: 2, columns: 3, delimiter: 'comma' });
  });

  it('detects semicolons and groups rows into blocks that each repeat the header', async () => {
    const rows = Array.from({ length: ROWS_PER_BLOCK + 3 }, (_, i) => `item ${i};${i * 2}`);
    const out = await extract('items.csv', ['label;value', ...rows].join('\n'));
    const blocks = expectConsistentOffsets(out);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.split('\n')).toHaveLength(ROWS_PER_BLOCK + 1);
    expect(blocks[1]).toBe(`label\tvalue\nitem 50\t100\nitem 51\t102\nitem 52\t104`);
    expect(out.metadata).toMatchObject({ rows: ROWS_PER_BLOCK + 3, delimiter: 'semicolon' });
  });

  it('reads TSV with tabs and literal quotes', async () => {
    const out = await extract('data.tsv', 'id\ttitle\n1\tThe "best" one\n2\tcomma, inside\n');
    expect(expectConsistentOffsets(out)).toEqual(['id\ttitle\n1\tThe "best" one\n2\tcomma, inside']);
    expect(out.metadata).toMatchObject({ rows: 2, columns: 2, delimiter: 'tab' });
  });

  it('keeps a header-only file as one table block', async () => {
    const out = await extract('empty.csv', 'a,b,c\n');
    expect(expectConsistentOffsets(out)).toEqual(['a\tb\tc']);
    expect(out.metadata.rows).toBe(0);
  });

  it('reports an unclosed quote as DOCUMENT_CORRUPT', async () => {
    const err = (await extract('bad.csv', 'a,b\n"open,1\n2,3\n').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('DOCUMENT_CORRUPT');
    expect(err.retryable).toBe(false);
  });

  it('prefers the delimiter that splits lines consistently', () => {
    expect(detectDelimiter('a;b;c\n1;2,5;3\n4;5;6')).toBe(';');
    expect(detectDelimiter('a|b\n1|2')).toBe('|');
    expect(detectDelimiter('"x;y",b\n"1;2",3')).toBe(',');
    expect(detectDelimiter('single column\nvalue')).toBe(',');
  });
});
