import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { RtfExtractor } from './rtf.extractor.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
const CORPUS_VARIOUS = fileURLToPath(
  new URL('../../../../../shared/datasets/extraction-dev/testRTFVarious.rtf', import.meta.url),
);
let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

/** Writes `rtf` (RTF is 7-bit: the escapes carry every non-ASCII byte) and extracts it. */
async function extractRtf(rtf: string) {
  const path = join(dir, `doc-${++n}.rtf`);
  await writeFile(path, rtf, 'latin1');
  return new RtfExtractor().extract(await extractionInput(path, dir));
}

describe('RtfExtractor', () => {
  it('reads a LibreOffice RTF: heading styles, Polish and German text, list and table blocks, info fields', async () => {
    const out = await new RtfExtractor().extract(await extractionInput(join(FIXTURES, 'sample.rtf'), dir));
    expect(expectConsistentOffsets(out)).toEqual([
      'Quarterly Report',
      'Zażółć gęślą jaźń. Grüße aus Köln.',
      'Findings',
      'Revenue grew in every region.',
      '- North up 12%\n- South up 7%\n- West flat',
      'Region\tQ1\tQ2\nNorth\t100\t112\nSouth\t90\t96',
      'Straße und Łódź bleiben.',
    ]);
    expect(out.blocks.map((b) => [b.kind, b.level ?? null])).toEqual([
      ['heading', 1],
      ['paragraph', null],
      ['heading', 2],
      ['paragraph', null],
      ['list', null],
      ['table', null],
      ['paragraph', null],
    ]);
    expect(out.metadata).toMatchObject({
      title: 'Quarterly Report',
      author: 'Zofia Kowalska',
      subject: 'Finance',
      keywords: ['report', 'finance'],
    });
    expect(out.metadata.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/u);
    expect(out.extractor.name).toBe('rtf-stream-parser');
  });

  it("decodes \\'hh bytes in the \\ansicpg code page and in the code page of the font's \\fcharset", async () => {
    const out = await extractRtf(
      '{\\rtf1\\ansi\\ansicpg1250\\deff0{\\fonttbl{\\f0\\fcharset0 Arial;}{\\f1\\fcharset204 Arial Cyr;}}' +
        "\\f0 Za\\'bf\\'f3\\'b3\\'e6 g\\'ea\\'9cl\\'b9 {\\f1 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}\\par}",
    );
    expect(expectConsistentOffsets(out)).toEqual(['Zażółć gęślą Привет']);
  });

  it('reads \\uN escapes and skips their \\ucN fallback characters', async () => {
    const out = await extractRtf(
      "{\\rtf1\\ansi{\\uc2 price \\u8364\\'80\\'80 and \\uc1\\u321\\'4c\\u-10179?\\u-8704?}\\par}",
    );
    expect(expectConsistentOffsets(out)).toEqual(['price € and Ł\u{1F600}']);
  });

  it('keeps field results and skips pictures, bookmarks and unknown \\* destinations', async () => {
    const out = await extractRtf(
      '{\\rtf1\\ansi See {\\field{\\*\\fldinst HYPERLINK "https://x.test"}{\\fldrslt the link}}' +
        '{\\*\\bkmkstart b1}{\\pict\\pngblip 89504e470d0a}{\\*\\unknowndest junk} now.\\line Next line\\par' +
        '\\pard\\ls1\\ilvl0 top\\par\\pard\\ls1\\ilvl1 nested\\par\\pard\\outlinelevel0 Outline heading\\par}',
    );
    expect(expectConsistentOffsets(out)).toEqual([
      'See the link now.\nNext line',
      '- top\n  - nested',
      'Outline heading',
    ]);
    expect(out.blocks.map((b) => b.kind)).toEqual(['paragraph', 'list', 'heading']);
  });

  it('reads headers, footers, footnotes, comments and text boxes apart from the paragraph they interrupt, each once', async () => {
    const out = await extractRtf(
      '{\\rtf1\\ansi{\\header running header\\par}{\\footerr Contract 4711\\par}' +
        'Payment is due{\\footnote\\pard\\plain 1 Thirty days net.\\par} within a month' +
        '{\\*\\annotation\\pard Ask legal}.\\par' +
        '{\\shp{\\*\\shpinst{\\sp{\\sn shapeType}{\\sv 202}}{\\shptxt\\pard A text box\\par}}{\\shprslt A text box}}' +
        '\\sect{\\header running header\\par}{\\footerr Contract 4711\\par}Second section.\\par}',
    );
    expect(expectConsistentOffsets(out)).toEqual([
      'Payment is due within a month.',
      'Second section.',
      'running header',
      'Contract 4711',
      '1 Thirty days net.',
      'Ask legal',
      'A text box',
    ]);
    expect(out.blocks.map((b) => b.kind)).toEqual([
      'paragraph',
      'paragraph',
      'header',
      'footer',
      'note',
      'comment',
      'shape',
    ]);
  });

  it('finds what Tika finds in a Word-made RTF: header, footer, footnote, text box and table rows', async () => {
    const out = await new RtfExtractor().extract(await extractionInput(CORPUS_VARIOUS, dir));
    const flat = out.text.replace(/\s+/gu, ' ');
    for (const expected of [
      'This is the header text.',
      'This is the footer text.',
      'This is a footnote.',
      'Here is a text box',
      'Footnote appears here',
      'Row 1 Col 1 Row 1 Col 2 Row 1 Col 3 Row 2 Col 1 Row 2 Col 2 Row 2 Col 3',
    ])
      expect(flat).toContain(expected);
    // The text box is read from its shape, not again from the drawing fallback.
    expect(flat.split('Here is a text box').length - 1).toBe(1);
  });

  it('reads RTF that encapsulates HTML through the HTML path', async () => {
    const out = await extractRtf(
      '{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}' +
        '{\\*\\htmltag19 <html>}{\\*\\htmltag34 <body>}{\\*\\htmltag2 <h2>}\\htmlrtf {\\b \\htmlrtf0 Mail title\\htmlrtf }\\htmlrtf0 {\\*\\htmltag2 </h2>}' +
        "{\\*\\htmltag64 <p>}Caf\\'e9 au lait{\\*\\htmltag72 </p>}{\\*\\htmltag64 <ul><li>}one{\\*\\htmltag72 </li></ul>}{\\*\\htmltag42 </body>}{\\*\\htmltag27 </html>}}",
    );
    expect(expectConsistentOffsets(out)).toEqual(['Mail title', 'Café au lait', '- one']);
    expect(out.blocks.map((b) => [b.kind, b.level])).toEqual([
      ['heading', 2],
      ['paragraph', undefined],
      ['list', undefined],
    ]);
  });

  it('fails with DOCUMENT_CORRUPT for a file that is not RTF', async () => {
    await expect(extractRtf('just some text, no braces')).rejects.toMatchObject({
      code: 'DOCUMENT_CORRUPT',
      retryable: false,
    });
    await expect(extractRtf('')).rejects.toMatchObject({ code: 'DOCUMENT_CORRUPT' });
  });
});
