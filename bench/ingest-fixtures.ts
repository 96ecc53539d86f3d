// Generated input for the ingestion benches: one small, unique document per (format, seed), written the way
// real tools write them (docx by the `docx` package, PDF by pdf-lib, xlsx as a SpreadsheetML zip). Not a
// bench itself.
import { writeFile } from 'node:fs/promises';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { writeZip } from '../packages/extractors/src/testing/zip-writer.js';
import { Prose } from './ingest-support.js';

/** Formats the throughput bench ingests, with the extension each file gets. */
export const FORMATS = ['txt', 'md', 'html', 'csv', 'json', 'docx', 'pdf', 'xlsx'] as const;
export type BenchFormat = (typeof FORMATS)[number];

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Rows of a small table: an id, a name, an amount and a remark. */
function rows(prose: Prose, count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [
    String(i + 1),
    `${prose.word()} ${prose.word()}`,
    (prose.random() * 10_000).toFixed(2),
    prose.sentence(),
  ]);
}

/** Writes document `seed` of `format` to `path`. */
export async function writeDocument(format: BenchFormat, path: string, seed: number): Promise<void> {
  const prose = new Prose(seed + 1);
  const title = `Report ${seed}: ${prose.sentence().slice(0, 40)}`;
  const paragraphs = () =>
    Array.from({ length: 4 + Math.floor(prose.random() * 4) }, () => prose.paragraph());
  switch (format) {
    case 'txt':
      return writeFile(path, [title, ...paragraphs(), ...paragraphs()].join('\n\n'));
    case 'md': {
      const table = rows(prose, 8).map((r) => `| ${r.slice(0, 3).join(' | ')} |`);
      const list = Array.from({ length: 5 }, () => `- ${prose.sentence()}`);
      const body = [
        `# ${title}`,
        ...paragraphs(),
        '## Figures',
        '| id | name | amount |',
        '| --- | --- | --- |',
      ];
      return writeFile(path, [...body, ...table, '', '## Notes', ...list, '', ...paragraphs()].join('\n\n'));
    }
    case 'html': {
      const ps = [...paragraphs(), ...paragraphs()].map((p) => `<p>${escapeXml(p)}</p>`).join('\n');
      const trs = rows(prose, 8)
        .map(
          (r) =>
            `<tr>${r
              .slice(0, 3)
              .map((c) => `<td>${escapeXml(c)}</td>`)
              .join('')}</tr>`,
        )
        .join('');
      return writeFile(
        path,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>` +
          `<body><nav><a href="/">Home</a></nav><article><h1>${escapeXml(title)}</h1>\n${ps}\n` +
          `<table>${trs}</table></article><footer>Footer text</footer></body></html>`,
      );
    }
    case 'csv': {
      const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      const lines = [['id', 'name', 'amount', 'remark'], ...rows(prose, 40)].map((r) =>
        r.map(quote).join(','),
      );
      return writeFile(path, lines.join('\n') + '\n');
    }
    case 'json':
      return writeFile(
        path,
        JSON.stringify(
          {
            title,
            summary: prose.paragraph(),
            items: rows(prose, 30).map(([id, name, amount, remark]) => ({ id, name, amount, remark })),
          },
          null,
          2,
        ),
      );
    case 'docx':
      return writeFile(path, await docx(prose, title, paragraphs));
    case 'pdf':
      return writeFile(path, await pdf(prose, 3));
    case 'xlsx':
      return xlsx(path, prose);
  }
}

async function docx(prose: Prose, title: string, paragraphs: () => string[]): Promise<Buffer> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    title,
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
          ...paragraphs().map((p) => new Paragraph(p)),
          new Paragraph({ text: 'Figures', heading: HeadingLevel.HEADING_2 }),
          new Table({ rows: rows(prose, 8).map((r) => new TableRow({ children: r.slice(0, 3).map(cell) })) }),
          ...paragraphs().map((p) => new Paragraph(p)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Splits a paragraph into lines no wider than `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A PDF of `pages` A4 pages, each a heading and a few paragraphs of wrapped text, and a page number. */
export async function pdf(prose: Prose, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Benchmark report ${prose.word()}`);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([595, 842]);
    let y = 790;
    page.drawText(`Section ${n}: ${prose.sentence().slice(0, 50)}`, { x: 50, y, size: 16, font: bold });
    y -= 34;
    const paragraphs = 3 + Math.floor(prose.random() * 3);
    for (let p = 0; p < paragraphs && y > 120; p++) {
      for (const line of wrap(prose.paragraph(), font, 11, 495)) {
        if (y < 60) break;
        page.drawText(line, { x: 50, y, size: 11, font });
        y -= 15;
      }
      y -= 12;
    }
    page.drawText(String(n), { x: 290, y: 30, size: 9, font });
  }
  return doc.save();
}

/** A one-sheet workbook of inline strings and numbers, as SpreadsheetML in a zip. */
async function xlsx(path: string, prose: Prose): Promise<void> {
  const ns = 'http://schemas.openxmlformats.org';
  const cells = (r: string[], i: number) =>
    r
      .map((v, c) => {
        const ref = `${'ABCD'[c]}${i + 1}`;
        return i > 0 && c === 2
          ? `<c r="${ref}"><v>${v}</v></c>`
          : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`;
      })
      .join('');
  const sheetRows = [['id', 'name', 'amount', 'remark'], ...rows(prose, 40)]
    .map((r, i) => `<row r="${i + 1}">${cells(r, i)}</row>`)
    .join('');
  const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
  await writeZip(path, [
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
      method: 'deflate',
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      method: 'deflate',
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Ledger" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      method: 'deflate',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
      method: 'deflate',
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: xml(
        `<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
      ),
      method: 'deflate',
    },
  ]);
}
