import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectedType } from '@sift/core';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { runTool } from '@sift/tools';
import { DocxExtractor } from './docx.extractor.js';
import { LegacyOfficeExtractor } from './legacy-office.extractor.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
const XLS: DetectedType = { contentType: 'application/vnd.ms-excel', extension: 'xls', category: 'document' };
const PPT: DetectedType = {
  contentType: 'application/vnd.ms-powerpoint',
  extension: 'ppt',
  category: 'document',
};
let dir: string;
let pptPath: string;

beforeAll(async () => {
  dir = await makeTempDir();
  // A .ppt from LibreOffice carries ~450 KB of previews, too big to commit; make one from the .pptx here.
  const home = join(dir, 'home');
  await mkdir(home);
  await runTool(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--norestore',
      '--convert-to',
      'ppt',
      '--outdir',
      dir,
      join(FIXTURES, 'sample.pptx'),
    ],
    { timeoutMs: 120_000, env: { ...process.env, HOME: home }, toolHint: 'LibreOffice' },
  );
  pptPath = join(dir, 'sample.ppt');
}, 120_000);
afterAll(() => removeTempDir(dir));

describe('LegacyOfficeExtractor', () => {
  it('converts a .doc with LibreOffice and reads it like the .docx it came from', async () => {
    const legacy = new LegacyOfficeExtractor();
    const [doc, docx] = await Promise.all([
      legacy.extract(await extractionInput(join(FIXTURES, 'sample.doc'), dir)),
      new DocxExtractor().extract(await extractionInput(join(FIXTURES, 'sample.docx'), dir)),
    ]);
    await legacy.close();
    expect(expectConsistentOffsets(doc)).toEqual(expectConsistentOffsets(docx));
    expect(doc.blocks.map((b) => [b.kind, b.level])).toEqual(docx.blocks.map((b) => [b.kind, b.level]));
    expect(doc.metadata).toMatchObject({ title: 'Quarterly Report', author: 'Zofia Kowalska' });
    expect(doc.extractor.name).toBe('libreoffice+fast-xml-parser');
    expect(doc.extractor.version).toMatch(/^\d+(\.\d+)+\+\d+\.\d+\.\d+/u);
  }, 60_000);

  it('queues concurrent conversions through its one warm LibreOffice', async () => {
    const extractor = new LegacyOfficeExtractor();
    const outs = await Promise.all(
      [1, 2, 3].map(async () => extractor.extract(await extractionInput(join(FIXTURES, 'sample.doc'), dir))),
    );
    await extractor.close();
    for (const out of outs) expect(expectConsistentOffsets(out)[0]).toBe('Quarterly Report');
  }, 60_000);

  it('runs concurrent cold conversions side by side, each with its own profile, when not kept warm', async () => {
    const extractor = new LegacyOfficeExtractor({ warm: false });
    const outs = await Promise.all(
      [1, 2].map(async () => extractor.extract(await extractionInput(join(FIXTURES, 'sample.doc'), dir))),
    );
    for (const out of outs) expect(expectConsistentOffsets(out)[0]).toBe('Quarterly Report');
  }, 60_000);

  it('converts .xls and .ppt through their OOXML successors', async () => {
    const extractor = new LegacyOfficeExtractor();
    const xls = await extractor.extract(
      await extractionInput(join(FIXTURES, 'sample.xls'), dir, { extension: 'doc', type: XLS }),
    );
    expect(expectConsistentOffsets(xls).filter((_, i) => xls.blocks[i]!.kind === 'heading')).toEqual([
      'Budget',
      'Notes Ü',
    ]);
    expect(xls.extractor.name).toBe('libreoffice+fast-xml-parser');
    const ppt = await extractor.extract(await extractionInput(pptPath, dir, { extension: 'doc', type: PPT }));
    const texts = expectConsistentOffsets(ppt);
    expect(texts).toContain('Roadmap 2025');
    expect(texts).toContain('Phase\tStart\tOwner\nAlpha\tMarch\tAnn\nBeta\tJune\tBo');
    expect(texts).toContain('Beta may slip.');
    expect(ppt.blocks[texts.indexOf('Beta may slip.')]!.kind).toBe('note');
    expect(ppt.pages.map((p) => p.number)).toEqual([1, 2]);
    await extractor.close();
  }, 90_000);

  it('fails with a permanent TOOL_MISSING naming the Debian package when LibreOffice is absent', async () => {
    const extractor = new LegacyOfficeExtractor({ sofficePath: '/nonexistent/soffice' });
    const err = await extractor
      .extract(await extractionInput(join(FIXTURES, 'sample.doc'), dir))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'TOOL_MISSING',
      category: 'system',
      retryable: false,
      message:
        'Legacy .doc needs LibreOffice (Debian package libreoffice-writer-nogui); install it or convert the file to .docx',
      details: { tool: 'soffice' },
    });
  });

  it('fails with DOCUMENT_CORRUPT for a .doc that is not an OLE2 compound file', async () => {
    const path = join(dir, 'text.doc');
    await writeFile(path, 'plain text pretending to be Word');
    await expect(new LegacyOfficeExtractor().extract(await extractionInput(path, dir))).rejects.toMatchObject(
      {
        code: 'DOCUMENT_CORRUPT',
        retryable: false,
      },
    );
  });

  it('kills a conversion that outlives its timeout with a retryable TOOL_TIMEOUT', async () => {
    const path = join(dir, 'slow.doc');
    await copyFile(join(FIXTURES, 'sample.doc'), path);
    const extractor = new LegacyOfficeExtractor({ timeoutMs: 20 });
    await expect(extractor.extract(await extractionInput(path, dir))).rejects.toMatchObject({
      code: 'TOOL_TIMEOUT',
      retryable: true,
    });
    await extractor.close();
  }, 120_000);
});
