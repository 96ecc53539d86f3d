import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { DocxExtractor } from './docx.extractor.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url));
const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="mc" xmlns:wps="wps" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="r" xmlns:a="a" xmlns:c="c"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

const p = (inner: string, pPr = ''): string => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inner}</w:p>`;
const r = (text: string): string => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const numbered = (text: string, ilvl: number): string =>
  p(r(text), `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="1"/></w:numPr>`);
const textBox = (text: string): string =>
  '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>' +
  p(r(text)) +
  '</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>' +
  `<w:txbxContent>${p(r(text))}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;

/** A Word package with one of each kind of secondary text, built part by part. */
async function buildDocx(): Promise<string> {
  const body = [
    p(r('Annual Plan'), '<w:pStyle w:val="Heading1"/>'),
    p(
      `<w:r><w:rPr><w:vanish/></w:rPr><w:t>Hidden words</w:t></w:r>` +
        `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "https://x"</w:instrText></w:r>` +
        `<w:r><w:fldChar w:fldCharType="separate"/></w:r>${r(' shown result')}<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
    ),
    p(`<w:del><w:r><w:delText>frog</w:delText></w:r></w:del><w:ins>${r('toad')}</w:ins>`),
    p(
      '<w:ruby><w:rt><w:r><w:t>かん</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>漢字</w:t></w:r></w:rubyBase></w:ruby>',
    ),
    p(`<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r>`),
    `<w:sdt><w:sdtContent>${p(r('Inside a content control'))}</w:sdtContent></w:sdt>`,
    p(r('Anchor') + textBox('Boxed remark')),
    numbered('first', 0),
    numbered('nested', 1),
    numbered('second', 0),
    p(r('Soft\u00ADware ﬁnds')),
  ].join('');
  const rels = [
    ['rIdS', 'styles', 'styles.xml'],
    ['rIdN', 'numbering', 'numbering.xml'],
    ['rIdH1', 'header', 'header1.xml'],
    ['rIdH2', 'header', 'header2.xml'],
    ['rIdF1', 'footer', 'footer1.xml'],
    ['rIdFn', 'footnotes', 'footnotes.xml'],
    ['rIdEn', 'endnotes', 'endnotes.xml'],
    ['rIdC', 'comments', 'comments.xml'],
  ]
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`)
    .join('');
  const files: Record<string, string> = {
    'word/document.xml': `<w:document ${NS}><w:body>${body}</w:body></w:document>`,
    'word/_rels/document.xml.rels': `<Relationships>${rels}</Relationships>`,
    'word/styles.xml': `<w:styles ${NS}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`,
    'word/numbering.xml':
      `<w:numbering ${NS}><w:abstractNum w:abstractNumId="0">` +
      '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>' +
      '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
    'word/header1.xml': `<w:hdr ${NS}>${p(r('Contract 42-A'))}</w:hdr>`,
    'word/header2.xml': `<w:hdr ${NS}>${p(r('Contract 42-A'))}</w:hdr>`,
    'word/footer1.xml': `<w:ftr ${NS}>${p(r('Page footer') + textBox('Footer box'))}</w:ftr>`,
    'word/footnotes.xml':
      `<w:footnotes ${NS}><w:footnote w:type="separator" w:id="-1">${p('<w:r><w:separator/></w:r>')}</w:footnote>` +
      `<w:footnote w:id="1">${p(r('A footnote.'))}</w:footnote></w:footnotes>`,
    'word/endnotes.xml': `<w:endnotes ${NS}><w:endnote w:id="1">${p(r('An endnote.'))}</w:endnote></w:endnotes>`,
    'word/comments.xml': `<w:comments ${NS}><w:comment w:id="0" w:author="Ann">${p(r('Check this.'))}</w:comment></w:comments>`,
    'word/charts/chart1.xml':
      `<c:chartSpace ${NS}><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>Sales by region</a:t></a:r></a:p></c:rich></c:tx></c:title>` +
      '<c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>Revenue</c:v></c:pt></c:strCache></c:strRef></c:tx>' +
      '<c:cat><c:strRef><c:strCache><c:pt idx="0"><c:v>North</c:v></c:pt><c:pt idx="1"><c:v>South</c:v></c:pt></c:strCache></c:strRef></c:cat>' +
      '<c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>17.5</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>',
    'word/diagrams/data1.xml': `<dgm:dataModel xmlns:dgm="dgm" xmlns:a="a"><dgm:ptLst><dgm:pt><dgm:t><a:p><a:r><a:t>Plan</a:t></a:r></a:p></dgm:t></dgm:pt><dgm:pt><dgm:t><a:p><a:r><a:t>Build</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>`,
  };
  const path = join(dir, 'secondary.docx');
  await writeFile(path, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
  return path;
}

describe('DocxExtractor secondary text and lists', () => {
  it('reads the body in place and secondary text after it, each with its kind and each distinct text once', async () => {
    const out = await new DocxExtractor().extract(await extractionInput(await buildDocx(), dir));
    expect(expectConsistentOffsets(out)).toEqual([
      'Annual Plan',
      'Hidden words shown result',
      'toad',
      '漢字',
      'a b\nc',
      'Inside a content control',
      'Anchor',
      'III. first\n  (a) nested\nIV. second',
      'Software finds',
      'Boxed remark',
      'Contract 42-A',
      'Page footer\nFooter box',
      'A footnote.',
      'An endnote.',
      'Check this.',
      'Sales by region\nRevenue\nNorth\nSouth',
      'Plan\nBuild',
    ]);
    expect(out.blocks.map((b) => b.kind)).toEqual([
      'heading',
      ...Array<string>(6).fill('paragraph'),
      'list',
      'paragraph',
      'shape',
      'header',
      'footer',
      'note',
      'note',
      'comment',
      'chart',
      'shape',
    ]);
    expect(out.text).not.toContain('frog');
    expect(out.text).not.toContain('HYPERLINK');
    expect(out.text).not.toContain('かん');
  });

  it('numbers a real Word list as Word shows it: formats, levels, start values and continued lists', async () => {
    const file = join(CORPUS, 'testWORD_numbered_list.docx');
    const out = await new DocxExtractor().extract(await extractionInput(file, dir));
    const lines = out.text.split('\n').map((l) => l.trim());
    for (const expected of [
      '1) This',
      'a) Is',
      'i) A multi',
      'ii) Level',
      'iii) List',
      '2) foo',
      'II. bar',
    ]) {
      expect(lines).toContain(expected);
    }
    for (const expected of [
      '6. six',
      '7. seven',
      'a. seven a',
      'e. seven e',
      '2. A ii 2',
      '3. page break list 3',
    ]) {
      expect(lines).toContain(expected);
    }
    expect(out.text).toContain('1. Within cell 1 a. Cell a b. Cell b');
    expect(out.text).toContain('Some-1-CrazyFormat Greek numbering with crazy format - alpha');
  });

  it('emits the first, even and odd page headers and footers of a real document once each', async () => {
    const out = await new DocxExtractor().extract(
      await extractionInput(join(CORPUS, 'testWORD_2006ml.docx'), dir),
    );
    const kinds = (kind: string): string[] =>
      out.blocks.filter((b) => b.kind === kind).map((b) => out.text.slice(b.start, b.end));
    expect(kinds('header').sort()).toEqual(['Even page header', 'First page header', 'Odd page header']);
    expect(kinds('footer').sort()).toEqual(['Even page footer', 'First page footer', 'Odd page footer']);
    expect(kinds('comment')).toEqual(['This is a comment']);
    expect(kinds('chart')[0]).toContain('This is the chart title');
    expect(out.text).toContain('This is text within a shape');
    expect(out.text).not.toContain('frog');
  });
});
