import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError, ExtractedText, ExtractionInput } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countWords, createDocumentExtractor } from './document-extractor.js';
import type { FormatExtractor } from './format-extractor.js';
import { SUPPORTED_TYPES } from './supported-types.js';
import { TextBuilder } from './text-builder.js';
import { expectConsistentOffsets } from './testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from './testing/extraction-input.js';
import { writeZip } from './testing/zip-writer.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

async function file(name: string, content: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, content);
  return path;
}

/** A format that reports three pages, for the page count. */
class PagedFormat implements FormatExtractor {
  readonly extensions = ['pdf'];
  async extract(): Promise<ExtractedText> {
    const b = new TextBuilder();
    for (const n of [1, 2, 3]) {
      b.startPage(n);
      b.add('paragraph', `Page ${n} text`);
    }
    return b.build({ extractor: { name: 'paged', version: '1' } });
  }
}

/** A format that never finishes, for abort. */
class StuckFormat implements FormatExtractor {
  readonly extensions = ['txt'];
  extract(): Promise<ExtractedText> {
    return new Promise(() => {});
  }
}

describe('createDocumentExtractor', () => {
  it('routes by extension and adds language, word and character counts', async () => {
    const text =
      'The committee will publish its annual report on water quality next month.\n\nIt is well-known.';
    const out = await createDocumentExtractor().extract(
      await extractionInput(await file('a.txt', text), root),
    );
    expect(expectConsistentOffsets(out)).toEqual(text.split('\n\n'));
    expect(out.metadata).toMatchObject({
      language: 'en',
      wordCount: 15,
      charCount: text.length,
      encoding: 'utf-8',
    });
    expect(out.metadata.pageCount).toBeUndefined();
  });

  it('keeps the language the format declared', async () => {
    const html =
      '<html lang="de"><body><p>This page says it is German but is written in English words.</p></body></html>';
    const out = await createDocumentExtractor().extract(
      await extractionInput(await file('p.html', html), root),
    );
    expect(out.metadata.language).toBe('de');
  });

  it('does not guess a language from an archive listing, and can skip detection entirely', async () => {
    const zip = join(root, 'a.zip');
    await writeZip(zip, [{ name: 'the annual report on water quality.txt', data: 'x' }]);
    const archive = await createDocumentExtractor().extract(await extractionInput(zip, root));
    expect(archive.metadata.language).toBeUndefined();
    expect(archive.embedded).toHaveLength(1);
    const text = 'The committee will publish its annual report on water quality next month.';
    const out = await createDocumentExtractor({ languageDetector: null }).extract(
      await extractionInput(await file('b.txt', text), root),
    );
    expect(out.metadata.language).toBeUndefined();
  });

  it('routes every supported type to a format extractor', () => {
    const routed = createDocumentExtractor().extensions;
    expect(Object.keys(SUPPORTED_TYPES).filter((ext) => !routed.includes(ext))).toEqual([]);
  });

  it('sets pageCount from the pages', async () => {
    const extractor = createDocumentExtractor({ formats: [new PagedFormat()], languageDetector: null });
    const out = await extractor.extract(await extractionInput(await file('x.pdf', '%PDF'), root));
    expect(out.metadata.pageCount).toBe(3);
    expect(expectConsistentOffsets(out)).toEqual(['Page 1 text', 'Page 2 text', 'Page 3 text']);
  });

  it('refuses a type no extractor reads with UNSUPPORTED_TYPE', async () => {
    const input: ExtractionInput = {
      ...(await extractionInput(await file('x.txt', 'x'), root)),
      type: { contentType: 'application/x-thing', extension: 'thing', category: 'document' },
    };
    const err = (await createDocumentExtractor()
      .extract(input)
      .catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('UNSUPPORTED_TYPE');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ extension: 'thing' });
  });

  it('rejects with the signal reason when aborted, before or during extraction', async () => {
    const path = await file('x.txt', 'text');
    const before = new AbortController();
    before.abort(new Error('cancelled before'));
    await expect(
      createDocumentExtractor().extract(await extractionInput(path, root, { signal: before.signal })),
    ).rejects.toThrow('cancelled before');

    const during = new AbortController();
    const extractor = createDocumentExtractor({ formats: [new StuckFormat()] });
    const pending = extractor.extract(await extractionInput(path, root, { signal: during.signal }));
    during.abort(new Error('cancelled during'));
    await expect(pending).rejects.toThrow('cancelled during');
  });

  it('counts words across scripts and joined forms', () => {
    expect(countWords("It's a well-known fact: 42 cats, Zażółć gęślą!")).toBe(8);
    expect(countWords('  \n ')).toBe(0);
  });
});
