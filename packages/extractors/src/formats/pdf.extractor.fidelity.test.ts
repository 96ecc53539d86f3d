import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PDFDocument,
  PDFName,
  PDFString,
  StandardFonts,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSpacing,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import type { ExtractedText } from '@sift/core';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { PdfExtractor } from './pdf.extractor.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url));

let dir: string;
const extractor = new PdfExtractor();

async function extract(path: string): Promise<ExtractedText> {
  const out = await extractor.extract(await extractionInput(path, dir));
  expectConsistentOffsets(out);
  return out;
}

/** Kind (with level) and text of every block. */
function blocks(out: ExtractedText): string[] {
  return out.blocks.map((b) => `${b.kind}${b.level ?? ''}: ${out.text.slice(b.start, b.end)}`);
}

async function save(doc: PDFDocument, name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, await doc.save());
  return path;
}

/** Draws `text` one glyph at a time, `tracking` points between letters and `wordGap` more between words. */
function drawLetterByLetter(
  page: PDFPage,
  font: PDFFont,
  text: string,
  y: number,
  tracking: number,
  wordGap: number,
) {
  let x = 50;
  for (const word of text.split(' ')) {
    for (const ch of word) {
      page.drawText(ch, { x, y, size: 12, font });
      x += font.widthOfTextAtSize(ch, 12) + tracking;
    }
    x += wordGap;
  }
}

/** A hand-written one-page PDF whose Helvetica maps A, B, C and a..c to characters outside the BMP. */
function astralPdf(): string {
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    '3 beginbfchar <41> <D83DDE00> <42> <D835DC00> <43> <D840DC0B> endbfchar',
    '1 beginbfrange <61> <63> <D835DC1A> endbfrange',
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const content = 'BT /F1 24 Tf 50 700 Td (ABC abc) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>',
    `<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  return `${out}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

beforeAll(async () => {
  dir = await makeTempDir();
});

afterAll(() => removeTempDir(dir));

describe('PdfExtractor text fidelity', () => {
  it('rebuilds words of letter-spaced text from glyph positions, keeping the real word gaps', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    // Character spacing (Tc) of 0.2 em on text with real space glyphs.
    page.pushOperators(pushGraphicsState(), setCharacterSpacing(2.5));
    page.drawText('Here is a letter spaced heading', { x: 50, y: 780, size: 12, font });
    page.pushOperators(popGraphicsState());
    // Every glyph placed on its own, no space glyphs: the word gaps are only wider gaps.
    drawLetterByLetter(page, font, 'Another test of single glyphs', 700, 2, 4);
    page.drawText('Plain text keeps its spaces.', { x: 50, y: 620, size: 12, font });
    const out = await extract(await save(doc, 'letter-spaced.pdf'));
    expect(blocks(out)).toEqual([
      'paragraph: Here is a letter spaced heading',
      'paragraph: Another test of single glyphs',
      'paragraph: Plain text keeps its spaces.',
    ]);
  });

  it('decodes ToUnicode mappings to characters outside the Basic Multilingual Plane', async () => {
    const path = join(dir, 'astral.pdf');
    await writeFile(path, astralPdf(), 'latin1');
    const out = await extract(path);
    // An emoji, MATHEMATICAL BOLD CAPITAL A, a CJK Extension B ideograph, and bold small a..c from a bfrange.
    expect(out.text).toBe('\u{1F600}\u{1D400}\u{2000B} \u{1D41A}\u{1D41B}\u{1D41C}');
  });

  it('reads filled form fields as `name: value` field blocks after the page body, each once', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    page.drawText('Application form', { x: 50, y: 780, size: 12, font });
    const form = doc.getForm();
    form.createTextField('applicant.name').setText('Zofia Kowalska');
    form.getTextField('applicant.name').addToPage(page, { x: 50, y: 700, width: 200, height: 20 });
    const agree = form.createCheckBox('agree');
    agree.addToPage(page, { x: 50, y: 660, width: 12, height: 12 });
    agree.check();
    form.createCheckBox('newsletter').addToPage(page, { x: 50, y: 640, width: 12, height: 12 });
    const plan = form.createRadioGroup('plan');
    plan.addOptionToPage('basic', page, { x: 50, y: 600, width: 12, height: 12 });
    plan.addOptionToPage('premium', page, { x: 80, y: 600, width: 12, height: 12 });
    plan.select('premium');
    const city = form.createDropdown('city');
    city.addOptions(['Lisbon', 'Porto']);
    city.select('Porto');
    city.addToPage(page, { x: 50, y: 560, width: 100, height: 20 });
    form.createTextField('empty').addToPage(page, { x: 50, y: 520, width: 100, height: 20 });
    const out = await extract(await save(doc, 'form.pdf'));
    expect(blocks(out)).toEqual([
      'paragraph: Application form',
      'field: applicant.name: Zofia Kowalska',
      'field: agree: Yes',
      // pdf-lib names radio states by index into the field's /Opt list, which pdf.js does not resolve.
      'field: plan: 1',
      'field: city: Porto',
    ]);
    expect(out.blocks.map((b) => b.page)).toEqual([1, 1, 1, 1, 1]);
  });

  it('reads the AcroForm text field of a real form (Tika’s testPDF_acroform3)', async () => {
    const out = await extract(join(CORPUS, 'testPDF_acroform3.pdf'));
    expect(blocks(out)).toContain('field: aTextField: TIKA-1226');
    expect(blocks(out)).toContain('field: aComboBox: comboItemB');
  });

  it('reads comments (notes, free text, popups of notes elsewhere) as comment blocks, without repeats', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    page.drawText('Reviewed page', { x: 50, y: 780, size: 12, font });
    const annot = (subtype: string, contents: string, extra: Record<string, unknown> = {}) =>
      doc.context.register(
        doc.context.obj({
          Type: 'Annot',
          Subtype: subtype,
          Rect: [50, 600, 150, 650],
          Contents: PDFString.of(contents),
          ...extra,
        }),
      );
    const note = annot('Text', 'Check the totals again');
    const popup = annot('Popup', 'Check the totals again', { Parent: note });
    const free = annot('FreeText', 'Approved by finance', { DA: PDFString.of('/Helv 12 Tf 0 g') });
    const link = doc.context.register(
      doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 500, 150, 520] }),
    );
    page.node.set(PDFName.of('Annots'), doc.context.obj([note, popup, free, link]));
    const out = await extract(await save(doc, 'comments.pdf'));
    expect(blocks(out)).toEqual([
      'paragraph: Reviewed page',
      'comment: Check the totals again',
      'comment: Approved by finance',
    ]);
  });

  it('marks lines set clearly larger than the body as headings, levels by size', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const body = 'Body text set in ten point type fills the page line after line so the body size is known.';
    for (const title of ['Annual Report', 'Second Part']) {
      const page = doc.addPage([595, 842]);
      page.drawText(title, { x: 50, y: 790, size: 22, font });
      page.drawText('Results by region', { x: 50, y: 750, size: 15, font });
      for (let i = 0; i < 20; i++) page.drawText(body, { x: 50, y: 720 - i * 12, size: 10, font });
      page.drawText('Large print conclusion of this page, set as one sentence.', {
        x: 50,
        y: 400,
        size: 15,
        font,
      });
      page.drawText('7', { x: 50, y: 360, size: 30, font });
    }
    const out = await extract(await save(doc, 'headings.pdf'));
    const kinds = blocks(out).map((b) => b.slice(0, 30));
    expect(kinds).toEqual([
      'heading1: Annual Report',
      'heading2: Results by region',
      'paragraph: Body text set in te',
      'paragraph: Large print conclus',
      'paragraph: 7',
      'heading1: Second Part',
      'heading2: Results by region',
      'paragraph: Body text set in te',
      'paragraph: Large print conclus',
      'paragraph: 7',
    ]);
  });

  it('finds no headings in a document set in one size', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    page.drawText('Short line', { x: 50, y: 780, size: 11, font });
    page.drawText('A plain paragraph of ordinary text in the same size as the line above it.', {
      x: 50,
      y: 740,
      size: 11,
      font,
    });
    const out = await extract(await save(doc, 'plain.pdf'));
    expect(out.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('keeps a table as rows of cells', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    page.drawText('Quarterly figures follow.', { x: 50, y: 780, size: 10, font });
    const rows = [
      ['Region', 'Revenue', 'Growth'],
      ['North', '1,250.00', '4.5%'],
      ['South-East', '980.10', '-1.2%'],
      ['West', '2,004.75', '12.0%'],
    ];
    rows.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        // Numbers right-aligned at the column's right edge, labels left-aligned.
        const right = [0, 260, 380][c]!;
        const x = c === 0 ? 50 : right - font.widthOfTextAtSize(cell, 10);
        page.drawText(cell, { x, y: 750 - r * 14, size: 10, font });
      });
    });
    page.drawText('The table ends here.', { x: 50, y: 660, size: 10, font });
    const out = await extract(await save(doc, 'table.pdf'));
    expect(blocks(out)).toEqual([
      'paragraph: Quarterly figures follow.',
      'table: Region\tRevenue\tGrowth\nNorth\t1,250.00\t4.5%\nSouth-East\t980.10\t-1.2%\nWest\t2,004.75\t12.0%',
      'paragraph: The table ends here.',
    ]);
  });
});
