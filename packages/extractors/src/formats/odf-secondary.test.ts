import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { writeZip } from '../testing/zip-writer.js';
import { OdfTextExtractor } from './odf-text.extractor.js';
import { SpreadsheetExtractor } from './spreadsheet.extractor.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

async function extract(path: string) {
  const input = await extractionInput(path, dir);
  const extractor = input.type.extension === 'ods' ? new SpreadsheetExtractor() : new OdfTextExtractor();
  const out = await extractor.extract(input);
  expectConsistentOffsets(out);
  return out;
}

const kindsAndTexts = (out: Awaited<ReturnType<typeof extract>>): [string, string][] =>
  out.blocks.map((b) => [b.kind, out.text.slice(b.start, b.end)]);

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:chart="urn:oasis:names:tc:opendocument:xmlns:chart:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** An .odt with a header and footer on two master pages, a footnote, a comment, a shape and a chart. */
async function writeOdt(path: string): Promise<void> {
  const footer =
    '<style:footer><text:p>Contract 4711 — page <text:page-number>1</text:page-number></text:p></style:footer>';
  await writeZip(path, [
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', method: 'store' },
    {
      name: 'styles.xml',
      data: `<office:document-styles ${NS}><office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Acme Legal</text:p></style:header>${footer}</style:master-page><style:master-page style:name="Landscape">${footer}<style:footer-left><text:p>Page <text:page-number>2</text:page-number></text:p></style:footer-left></style:master-page><style:master-page style:name="Unused"><style:header><text:p>Never shown</text:p></style:header></style:master-page></office:master-styles></office:document-styles>`,
    },
    {
      name: 'content.xml',
      data: `<office:document-content ${NS}><office:automatic-styles><style:style style:name="P9" style:family="paragraph" style:master-page-name="Landscape"/></office:automatic-styles><office:body><office:text><text:p>Terms apply.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>See annex B.</text:p></text:note-body></text:note><office:annotation><dc:creator>Ida</dc:creator><text:p>Is this final?</text:p></office:annotation></text:p><text:p text:style-name="P9">Second part.<draw:custom-shape><text:p>Approved stamp</text:p></draw:custom-shape><draw:frame><draw:object xlink:href="./Object 1"/></draw:frame></text:p></office:text></office:body></office:document-content>`,
    },
    {
      name: 'Object 1/content.xml',
      data: `<office:document-content ${NS}><office:body><office:chart><chart:chart><chart:title><text:p>Revenue by region</text:p></chart:title><table:table><table:table-row><table:table-cell office:value-type="string"><text:p>North</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell></table:table-row></table:table></chart:chart></office:chart></office:body></office:document-content>`,
    },
  ]);
}

describe('OpenDocument secondary text', () => {
  it('writes headers and footers of the master pages in use once, then notes, comments and charts; shapes after their paragraph', async () => {
    const path = join(dir, 'secondary.odt');
    await writeOdt(path);
    const out = await extract(path);
    expect(kindsAndTexts(out)).toEqual([
      ['paragraph', 'Terms apply.'],
      ['paragraph', 'Second part.'],
      ['shape', 'Approved stamp'],
      ['header', 'Acme Legal'],
      ['footer', 'Contract 4711 — page'],
      ['note', '1 See annex B.'],
      ['comment', 'Ida: Is this final?'],
      ['chart', 'Revenue by region\nNorth'],
    ]);
  });

  it('reads the footer of a spreadsheet master page once and leaves out the sheet-name header', async () => {
    const out = await extract(join(CORPUS, 'testFooter.ods'));
    expect(kindsAndTexts(out).filter(([kind]) => kind === 'footer' || kind === 'header')).toEqual([
      ['footer', 'Here is a footer in the center area'],
    ]);
  });

  it('reads the footer a presentation master slide adds, once, but not its placeholders', async () => {
    const out = await extract(join(CORPUS, 'testMasterFooter.odp'));
    expect(kindsAndTexts(out)).toEqual([['footer', 'Master footer is here']]);
  });

  it('keeps comments of a text document as comment blocks after the body', async () => {
    const out = await extract(join(CORPUS, 'testODTStyles3.odt'));
    expect(kindsAndTexts(out).filter(([kind]) => kind === 'comment')).toEqual([
      ['comment', 'Beschermde persoon is overleden'],
      ['comment', 'Beschermde persoon is opnieuw bekwaam'],
    ]);
    expect(out.blocks.at(-1)?.kind).toBe('comment');
  });

  it('fails with DOCUMENT_ENCRYPTED for password-protected text and spreadsheet files', async () => {
    await expect(extract(join(CORPUS, 'testODTEncrypted.odt'))).rejects.toMatchObject({
      code: 'DOCUMENT_ENCRYPTED',
      retryable: false,
    });
    const ods = join(dir, 'locked.ods');
    await writeZip(ods, [
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 'store' },
      {
        name: 'META-INF/manifest.xml',
        data: '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>',
      },
      { name: 'content.xml', data: '\u0000\u0013binary ciphertext' },
    ]);
    await expect(extract(ods)).rejects.toMatchObject({ code: 'DOCUMENT_ENCRYPTED' });
  });
});
