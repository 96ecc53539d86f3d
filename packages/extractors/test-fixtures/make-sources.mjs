// Writes the generated fixture sources into the directory given as argv[2]: sample.docx (docx), sample.pptx
// (pptxgenjs), plain.pdf (pdf-lib, to be encrypted by qpdf) and sample.fods (flat ODS, converted by LibreOffice).
// Run by make-fixtures.sh; the outputs are committed so tests need neither these generators nor LibreOffice.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import pptxgen from 'pptxgenjs';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const out = process.argv[2];
if (!out) throw new Error('usage: make-sources.mjs <out-dir>');

async function docx() {
  const cell = (text) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    title: 'Quarterly Report',
    creator: 'Zofia Kowalska',
    subject: 'Finance',
    keywords: 'report, finance',
    sections: [
      {
        children: [
          new Paragraph({ text: 'Quarterly Report', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Zażółć gęślą jaźń. '),
              new TextRun({ text: 'Grüße aus Köln.', bold: true }),
            ],
          }),
          new Paragraph({ text: 'Findings', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('Revenue grew in every region.'),
          new Paragraph({ text: 'North up 12%', bullet: { level: 0 } }),
          new Paragraph({ text: 'South up 7%', bullet: { level: 0 } }),
          new Paragraph({ text: 'West flat', bullet: { level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [cell('Region'), cell('Q1'), cell('Q2')] }),
              new TableRow({ children: [cell('North'), cell('100'), cell('112')] }),
              new TableRow({ children: [cell('South'), cell('90'), cell('96')] }),
            ],
          }),
          new Paragraph('Straße und Łódź bleiben.'),
        ],
      },
    ],
  });
  await writeFile(join(out, 'sample.docx'), await Packer.toBuffer(doc));
}

async function pptx() {
  const deck = new pptxgen();
  deck.author = 'Jan Nowak';
  deck.title = 'Roadmap 2025';
  deck.subject = 'Planning';
  deck.defineSlideMaster({
    title: 'MAIN',
    objects: [
      { placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.3, w: 9, h: 1 }, text: '' } },
    ],
  });
  const s1 = deck.addSlide({ masterName: 'MAIN' });
  s1.addText('Roadmap 2025', { placeholder: 'title' });
  s1.addText(
    [
      { text: 'Ship search', options: { bullet: true, breakLine: true } },
      { text: 'Zażółć gęślą jaźń', options: { bullet: true, breakLine: true } },
      { text: 'Harden ingestion', options: { bullet: true } },
    ],
    { x: 0.5, y: 1.5, w: 9, h: 2 },
  );
  s1.addNotes('Mention the budget first.');
  const s2 = deck.addSlide({ masterName: 'MAIN' });
  s2.addText('Milestones', { placeholder: 'title' });
  s2.addText('Dates are estimates.', { x: 0.5, y: 1.3, w: 9, h: 0.5 });
  s2.addTable(
    [
      [{ text: 'Phase' }, { text: 'Start' }, { text: 'Owner' }],
      [{ text: 'Alpha' }, { text: 'March' }, { text: 'Ann' }],
      [{ text: 'Beta' }, { text: 'June' }, { text: 'Bo' }],
    ],
    { x: 0.5, y: 2, w: 9 },
  );
  s2.addNotes('Beta may slip.');
  // pptxgenjs deflates only through stream(); write() stores, which triples the file.
  await writeFile(join(out, 'sample.pptx'), await deck.stream({ compression: true }));
}

async function pdf() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([300, 200]).drawText('Confidential figures', { x: 20, y: 150, size: 14, font });
  await writeFile(join(out, 'plain.pdf'), await doc.save());
}

function fods() {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const str = (s) =>
    `<table:table-cell office:value-type="string"><text:p>${esc(s)}</text:p></table:table-cell>`;
  const num = (n) =>
    `<table:table-cell office:value-type="float" office:value="${n}"><text:p>${n}</text:p></table:table-cell>`;
  const bool = (b) =>
    `<table:table-cell office:value-type="boolean" office:boolean-value="${b}"><text:p>${b ? 'TRUE' : 'FALSE'}</text:p></table:table-cell>`;
  const row = (cells) => `<table:table-row>${cells.join('')}</table:table-row>`;
  const budget = [row([str('Item'), str('Amount'), str('Paid')])];
  for (let i = 1; i <= 60; i++) budget.push(row([str(`Item ${i}`), num(i * 10), bool(i % 2 === 0)]));
  const rich =
    '<table:table-cell office:value-type="string"><text:p>Grüße <text:span text:style-name="T1">aus</text:span> Łódź</text:p></table:table-cell>';
  const notes = [
    row([str('Key'), str('Value')]),
    row([rich, str('Zażółć')]),
    row([str('Gap'), '<table:table-cell table:number-columns-repeated="3"/>', str('far right')]),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:meta><dc:title>Budget 2025</dc:title><meta:initial-creator>Eva Brandt</meta:initial-creator></office:meta>
<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="Budget">${budget.join('')}</table:table>
<table:table table:name="Notes Ü">${notes.join('')}</table:table>
</office:spreadsheet></office:body></office:document>
`;
}

await Promise.all([docx(), pptx(), pdf(), writeFile(join(out, 'sample.fods'), fods())]);
