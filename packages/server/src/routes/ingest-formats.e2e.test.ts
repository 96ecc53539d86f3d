import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { characterErrorRate, writeTar, writeZip } from '@sift/extractors/testing';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument } from '../testing/upload.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../../extractors/test-fixtures');
const shared = path.resolve(here, '../../../../../shared/fixtures');

async function pdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Annual Summary');
  doc.setAuthor('Ada Lovelace');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('The first page talks about engines.', { x: 50, y: 700, font, size: 14 });
  doc.addPage().drawText('The second page talks about looms.', { x: 50, y: 700, font, size: 14 });
  return doc.save();
}

const EML = [
  'From: Ann <ann@example.com>',
  'To: Bo <bo@example.com>',
  'Subject: Quarterly numbers',
  'Date: Tue, 3 Jun 2025 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="XX"',
  '',
  '--XX',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Please find the numbers attached.',
  '--XX',
  'Content-Type: text/plain; name="numbers.txt"',
  'Content-Disposition: attachment; filename="numbers.txt"',
  '',
  'North 12, South 7.',
  '--XX--',
  '',
].join('\r\n');

/** Every format the spec names, through the real HTTP API and the real pipeline, to `processed`. */
describe('ingesting every supported format over HTTP', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;

  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_QUEUE_POLL_MS: '50', SIFT_WORKER_MAX_CONCURRENT: '2', SIFT_QUEUE_CONCURRENCY_LOW: '2' },
    });
  });
  afterAll(() => t.close());

  it('extracts the right text from each format', { timeout: 300_000 }, async () => {
    const zipPath = path.join(t.dataDir, 'bundle.zip');
    await writeZip(zipPath, [{ name: 'inside.txt', data: 'zipped member text' }]);
    const tgzPath = path.join(t.dataDir, 'bundle.tar.gz');
    await writeTar(tgzPath, [{ name: 'docs/inside.md', data: '# Tarred\n\ntar member text' }], {
      gzip: true,
    });

    const cases: { name: string; data: Uint8Array | string; expect: RegExp }[] = [
      { name: 'report.pdf', data: await pdf(), expect: /second page talks about looms/ },
      ...['docx', 'odt', 'rtf', 'doc'].map((ext) => ({
        name: `sample.${ext}`,
        data: '',
        expect: /Quarterly Report[\s\S]*Grüße aus Köln/,
      })),
      ...['pptx', 'odp'].map((ext) => ({
        name: `sample.${ext}`,
        data: '',
        expect: /Roadmap 2025[\s\S]*Ship search/,
      })),
      ...['xlsx', 'ods', 'xls'].map((ext) => ({
        name: `sample.${ext}`,
        data: '',
        expect: /Item\tAmount\tPaid/,
      })),
      { name: 'notes.txt', data: 'Plain notes: zażółć gęślą jaźń.', expect: /zażółć gęślą jaźń/ },
      { name: 'readme.md', data: '# Read me\n\nMarkdown body.', expect: /Read me\n\nMarkdown body\./ },
      {
        name: 'page.html',
        data: '<html><head><title>Page</title><script>var x=1</script></head><body><h1>Hello page</h1><p>Body text.</p></body></html>',
        expect: /Hello page[\s\S]*Body text\./,
      },
      { name: 'table.csv', data: 'name,city\n"Doe, Jane",Berlin\n', expect: /Doe, Jane\tBerlin/ },
      { name: 'table.tsv', data: 'name\tcity\nAnn\tOslo\n', expect: /Ann\tOslo/ },
      { name: 'data.json', data: '{"project":{"name":"Sift","stars":5}}', expect: /Sift/ },
      { name: 'mail.eml', data: EML, expect: /Quarterly numbers[\s\S]*numbers attached/ },
      { name: 'bundle.zip', data: await readFile(zipPath), expect: /inside\.txt/ },
      { name: 'bundle.tar.gz', data: await readFile(tgzPath), expect: /inside\.md/ },
      {
        name: 'scan.png',
        data: await readFile(path.join(shared, 'ocr/testocr.png')),
        expect: /quick brown dog/,
      },
      { name: 'speech.wav', data: await readFile(path.join(shared, 'audio/jfk.wav')), expect: /\w+ \w+ \w+/ },
    ];
    for (const c of cases) if (c.data === '') c.data = await readFile(path.join(fixtures, c.name));

    const up = await uploadFiles(
      api(),
      cases.map((c) => ({ name: c.name, data: c.data })),
    );
    expect(up.status).toBe(202);
    expect(up.body.items.filter((i) => i.error)).toEqual([]);

    for (const [i, c] of cases.entries()) {
      const doc = await waitForDocument(api(), up.body.items[i]!.document_id!, 240_000);
      expect({ name: c.name, status: doc.status, error: doc.error }).toEqual({
        name: c.name,
        status: 'processed',
        error: null,
      });
      const text = await fetch(`${api()}/documents/${doc.id}/text`, { headers: { accept: 'text/plain' } });
      expect(await text.text(), c.name).toMatch(c.expect);
      expect(doc.chunk_count, c.name).toBeGreaterThan(0);
    }

    // Archive members and e-mail attachments became processed child documents.
    for (const [name, member, words] of [
      ['bundle.zip', 'inside.txt', 'zipped member text'],
      ['bundle.tar.gz', 'docs/inside.md', 'tar member text'],
      ['mail.eml', 'numbers.txt', 'North 12, South 7.'],
    ] as const) {
      const parentId = up.body.items[cases.findIndex((c) => c.name === name)]!.document_id!;
      const children = await fetchJson<{ items: { id: string; source_path: string }[] }>(
        `${api()}/documents?parent_id=${parentId}`,
      );
      expect(children.body.items.map((c) => c.source_path)).toEqual([member]);
      const child = await waitForDocument(api(), children.body.items[0]!.id);
      expect(child.status).toBe('processed');
      const text = await fetch(`${api()}/documents/${child.id}/text`, { headers: { accept: 'text/plain' } });
      expect(await text.text()).toContain(words);
    }
  });

  it(
    'records the PDF metadata and pages, and the OCR text within a small character error rate',
    { timeout: 120_000 },
    async () => {
      const docs = await fetchJson<{
        items: { id: string; filename: string; metadata: { extracted?: Record<string, unknown> } }[];
      }>(`${api()}/documents?limit=100`);
      const report = docs.body.items.find((d) => d.filename === 'report.pdf')!;
      expect(report.metadata.extracted).toMatchObject({
        title: 'Annual Summary',
        author: 'Ada Lovelace',
        pageCount: 2,
      });
      const chunks = await fetchJson<{ items: { page_from: number; page_to: number }[] }>(
        `${api()}/documents/${report.id}/chunks`,
      );
      expect(chunks.body.items.some((c) => c.page_to === 2)).toBe(true);

      const scan = docs.body.items.find((d) => d.filename === 'scan.png')!;
      const text = await (
        await fetch(`${api()}/documents/${scan.id}/text`, { headers: { accept: 'text/plain' } })
      ).text();
      const reference = await readFile(path.join(shared, 'ocr/testocr.txt'), 'utf8');
      expect(characterErrorRate(text, reference)).toBeLessThan(0.05);
    },
  );
});
