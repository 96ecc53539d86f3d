import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { PptxExtractor } from './pptx.extractor.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url));
const NS = 'xmlns:p="p" xmlns:a="a" xmlns:r="r" xmlns:c="c" xmlns:dgm="dgm" xmlns:mc="mc" xmlns:p188="p188"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

const para = (text: string): string => `<a:p><a:r><a:t>${text}</a:t></a:r></a:p>`;
const sp = (text: string, ph?: string): string =>
  `<p:sp><p:nvSpPr><p:nvPr>${ph ? `<p:ph type="${ph}"/>` : ''}</p:nvPr></p:nvSpPr><p:txBody>${para(text)}</p:txBody></p:sp>`;
const tree = (root: string, shapes: string): string =>
  `<${root} ${NS}><p:cSld><p:spTree>${shapes}</p:spTree></p:cSld></${root}>`;
const rels = (list: [string, string, string][]): string =>
  `<Relationships>${list.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type.includes('/') ? type : `${REL}/${type}`}" Target="${target}"/>`).join('')}</Relationships>`;

async function buildPptx(): Promise<string> {
  const frame = (data: string): string =>
    `<p:graphicFrame><a:graphic><a:graphicData>${data}</a:graphicData></a:graphic></p:graphicFrame>`;
  const files: Record<string, string> = {
    'ppt/presentation.xml': `<p:presentation ${NS}><p:sldIdLst><p:sldId r:id="rId1"/><p:sldId r:id="rId2"/></p:sldIdLst></p:presentation>`,
    'ppt/_rels/presentation.xml.rels': rels([
      ['rId1', 'slide', 'slides/slide1.xml'],
      ['rId2', 'slide', 'slides/slide2.xml'],
    ]),
    'ppt/slides/slide1.xml': tree(
      'p:sld',
      sp('Quarterly review', 'title') +
        `<p:grpSp>${sp('Grouped words')}<p:grpSp>${sp('Deeper group')}</p:grpSp></p:grpSp>` +
        frame('<c:chart r:id="rIdC"/>') +
        frame('<dgm:relIds r:dm="rIdD"/>') +
        `<mc:AlternateContent><mc:Choice Requires="p14">${sp('Modern shape')}</mc:Choice><mc:Fallback>${sp('Modern shape')}</mc:Fallback></mc:AlternateContent>` +
        sp('Confidential', 'ftr') +
        sp('3', 'sldNum'),
    ),
    'ppt/slides/_rels/slide1.xml.rels': rels([
      ['rIdL', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
      ['rIdC', 'chart', '../charts/chart1.xml'],
      ['rIdD', 'diagramData', '../diagrams/data1.xml'],
      ['rIdN', 'notesSlide', '../notesSlides/notesSlide1.xml'],
      ['rIdK', 'comments', '../comments/comment1.xml'],
    ]),
    'ppt/slides/slide2.xml': tree('p:sld', sp('Backup slide', 'title') + sp('Confidential', 'ftr')).replace(
      '<p:sld ',
      '<p:sld show="0" ',
    ),
    'ppt/slides/_rels/slide2.xml.rels': rels([
      ['rIdL', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
      [
        'rIdM',
        'http://schemas.microsoft.com/office/2018/10/relationships/comments',
        '../comments/modernComment_1.xml',
      ],
    ]),
    'ppt/charts/chart1.xml': `<c:chartSpace ${NS}><c:chart><c:title><c:tx><c:rich>${para('Pipeline')}</c:rich></c:tx></c:title></c:chart></c:chartSpace>`,
    'ppt/diagrams/data1.xml': `<dgm:dataModel ${NS}><dgm:ptLst><dgm:pt><dgm:t>${para('Discover')}</dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>`,
    'ppt/notesSlides/notesSlide1.xml': tree(
      'p:notes',
      sp('Slide image', 'sldImg') + sp('Speak slowly.', 'body'),
    ),
    'ppt/comments/comment1.xml': `<p:cmLst ${NS}><p:cm authorId="0"><p:text>Legacy remark</p:text></p:cm></p:cmLst>`,
    'ppt/comments/modernComment_1.xml': `<p188:cmLst ${NS}><p188:cm><p188:txBody>${para('Modern remark')}</p188:txBody></p188:cm></p188:cmLst>`,
    'ppt/slideLayouts/slideLayout1.xml': tree(
      'p:sldLayout',
      sp('Click to edit Master title style', 'title') + sp('Layout banner'),
    ),
    'ppt/slideLayouts/_rels/slideLayout1.xml.rels': rels([
      ['rIdM', 'slideMaster', '../slideMasters/slideMaster1.xml'],
    ]),
    'ppt/slideMasters/slideMaster1.xml': tree(
      'p:sldMaster',
      sp('Click to edit Master text styles', 'body') + sp('Confidential', 'ftr') + sp('Master logo text'),
    ),
  };
  const path = join(dir, 'secondary.pptx');
  await writeFile(path, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
  return path;
}

describe('PptxExtractor secondary text', () => {
  it('reads groups, charts, SmartArt, notes and comments per slide, hidden slides, and master text once', async () => {
    const out = await new PptxExtractor().extract(await extractionInput(await buildPptx(), dir));
    expect(expectConsistentOffsets(out)).toEqual([
      'Quarterly review',
      'Grouped words',
      'Deeper group',
      'Modern shape',
      'Pipeline',
      'Discover',
      'Speak slowly.',
      'Legacy remark',
      'Backup slide',
      'Modern remark',
      'Confidential',
      'Master logo text',
      'Layout banner',
    ]);
    expect(out.blocks.map((b) => [b.kind, b.page])).toEqual([
      ['heading', 1],
      ['paragraph', 1],
      ['paragraph', 1],
      ['paragraph', 1],
      ['chart', 1],
      ['shape', 1],
      ['note', 1],
      ['comment', 1],
      ['heading', 2],
      ['comment', 2],
      ['footer', undefined],
      ['shape', undefined],
      ['shape', undefined],
    ]);
    expect(out.text).not.toContain('Click to edit');
  });

  it('finds master text, master footers and grouped SmartArt in real presentations', async () => {
    const text = async (name: string): Promise<string> =>
      (await new PptxExtractor().extract(await extractionInput(join(CORPUS, name), dir))).text;
    expect(await text('testPPT_masterText.pptx')).toContain('Text that I added to the master slide');
    expect(await text('testPPT_masterFooter.pptx')).toContain('Master footer is here');
    const groups = await text('testPPT_groups.pptx');
    for (const s of ['WordArt1', 'Text box5', 'smart1', 'MyTitle']) expect(groups).toContain(s);
    expect(await text('testPPT_diagramData.pptx')).toContain('President');
  });
});
