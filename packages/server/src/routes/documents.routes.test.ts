import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeZip } from '@sift/extractors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument, waitForTask, type DocumentBody } from '../testing/upload.js';

const MB = 1024 ** 2;
const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../extractors/test-fixtures',
);

/** Files under a directory, recursively (to prove nothing was left behind). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('documents API', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;

  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_MAX_DOCUMENT_MB: '1', SIFT_QUEUE_POLL_MS: '50' },
    });
  });
  afterAll(() => t.close());

  it('uploads a document, processes it, and serves its file, text and chunks', async () => {
    const markdown = '# Guide\n\nSift finds things.\n\n## Install\n\nRun npm install and npm start.\n';
    const up = await uploadFiles(api(), [{ name: 'guide.md', data: markdown }], { tags: 'Docs,howto' });
    expect(up.status).toBe(202);
    const item = up.body.items[0]!;
    expect(item).toMatchObject({ filename: 'guide.md', status: 'queued', duplicate: false });
    expect(item.task_id).toEqual(expect.any(String));

    const doc = await waitForDocument(api(), item.document_id!);
    expect(doc).toMatchObject({
      status: 'processed',
      content_type: 'text/markdown',
      tags: ['docs', 'howto'],
    });
    expect(doc.chunk_count).toBeGreaterThan(0);
    expect(doc.processing_ms).toEqual(expect.any(Number));
    expect(doc.metadata.extracted).toMatchObject({ extractor: { name: expect.any(String) } });

    const file = await fetch(`${api()}/documents/${doc.id}/file`);
    expect(file.headers.get('content-type')).toContain('text/markdown');
    expect(await file.text()).toBe(markdown);

    const text = await fetchJson<{ text: string; blocks: { kind: string; start: number; end: number }[] }>(
      `${api()}/documents/${doc.id}/text`,
    );
    expect(text.body.text).toContain('Run npm install and npm start.');
    const heading = text.body.blocks.find((b) => b.kind === 'heading')!;
    expect(text.body.text.slice(heading.start, heading.end)).toBe('Guide');
    const plain = await fetch(`${api()}/documents/${doc.id}/text`, { headers: { accept: 'text/plain' } });
    expect(await plain.text()).toBe(text.body.text);

    const chunks = await fetchJson<{
      items: { content: string; start_char: number; end_char: number; heading_path: string[] }[];
    }>(`${api()}/documents/${doc.id}/chunks`);
    expect(chunks.body.items.length).toBe(doc.chunk_count);
    for (const c of chunks.body.items) expect(text.body.text.slice(c.start_char, c.end_char)).toBe(c.content);
    expect(chunks.body.items.some((c) => c.heading_path.includes('Guide'))).toBe(true);
  });

  it('returns the existing document for the same bytes instead of processing them again', async () => {
    const data = 'the very same bytes, twice';
    const first = await uploadFiles(api(), [{ name: 'one.txt', data }]);
    const second = await uploadFiles(api(), [{ name: 'two.txt', data }]);
    expect(second.body.items[0]).toMatchObject({
      duplicate: true,
      document_id: first.body.items[0]!.document_id,
    });
  });

  it('filters the list by status, type and tag', async () => {
    const up = await uploadFiles(api(), [{ name: 'tagged.txt', data: 'tagged text' }], { tags: 'special' });
    await waitForDocument(api(), up.body.items[0]!.document_id!);
    const byTag = await fetchJson<{ items: DocumentBody[] }>(
      `${api()}/documents?tag=special&status=processed&type=document`,
    );
    expect(byTag.body.items.map((d) => d.filename)).toEqual(['tagged.txt']);
  });

  it('refuses an executable named .pdf, keeping no bytes and no row', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 1)]);
    const before = await filesUnder(path.join(t.dataDir, 'blobs'));
    const res = await uploadFiles(api(), [{ name: 'invoice.pdf', data: elf }]);
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(['TYPE_MISMATCH', 'UNSUPPORTED_TYPE']).toContain(res.body.code);
    expect(await filesUnder(path.join(t.dataDir, 'blobs'))).toEqual(before);
    const list = await fetchJson<{ items: DocumentBody[] }>(`${api()}/documents?limit=500`);
    expect(list.body.items.some((d) => d.filename === 'invoice.pdf')).toBe(false);
  });

  it('refuses an empty file', async () => {
    const res = await uploadFiles(api(), [{ name: 'empty.txt', data: '' }]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('EMPTY_FILE');
  });

  it('refuses an oversized upload while streaming and keeps nothing', async () => {
    const before = await filesUnder(path.join(t.dataDir, 'blobs'));
    const res = await uploadFiles(api(), [{ name: 'big.txt', data: Buffer.alloc(3 * MB, 'a') }]);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    expect(await filesUnder(path.join(t.dataDir, 'blobs'))).toEqual(before);
  });

  it('reports each file of a multi-file upload on its own', async () => {
    const res = await uploadFiles(api(), [
      { name: 'fine.txt', data: 'a fine file' },
      { name: 'empty.txt', data: '' },
    ]);
    expect(res.status).toBe(202);
    expect(res.body.items[0]).toMatchObject({ filename: 'fine.txt', status: 'queued' });
    expect(res.body.items[1]).toMatchObject({
      filename: 'empty.txt',
      error: { code: 'EMPTY_FILE', status: 400 },
    });
  });

  it('fails a zip bomb as a document with a clear error, creating no members and leaving no temp files', async () => {
    const bomb = path.join(t.dataDir, 'bomb-src.zip');
    await writeZip(bomb, [{ name: 'zeros.bin', zeroBytes: 300 * MB }]);
    const res = await uploadFiles(api(), [{ name: 'bomb.zip', data: await readFile(bomb) }]);
    const doc = await waitForDocument(api(), res.body.items[0]!.document_id!);
    expect(doc.status).toBe('failed');
    expect(doc.error?.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    const children = await fetchJson<{ items: DocumentBody[] }>(`${api()}/documents?parent_id=${doc.id}`);
    expect(children.body.items).toEqual([]);
    expect(await filesUnder(path.join(t.dataDir, 'tmp'))).toEqual([]);
    expect(await waitForTask(api(), doc.task_id!)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('fails an archive with a path-traversal entry without extracting anything', async () => {
    const evil = path.join(t.dataDir, 'evil-src.zip');
    await writeZip(evil, [
      { name: 'ok.txt', data: 'harmless' },
      { name: '../escape.txt', data: 'gotcha' },
    ]);
    const res = await uploadFiles(api(), [{ name: 'evil.zip', data: await readFile(evil) }]);
    const doc = await waitForDocument(api(), res.body.items[0]!.document_id!);
    expect(doc).toMatchObject({ status: 'failed', error: { code: 'ARCHIVE_UNSAFE_PATH' } });
    const children = await fetchJson<{ items: DocumentBody[] }>(`${api()}/documents?parent_id=${doc.id}`);
    expect(children.body.items).toEqual([]);
  });

  it('fails truncated and encrypted PDFs at once with permanent errors', async () => {
    const encrypted = await readFile(path.resolve(fixtures, 'encrypted.pdf'));
    const whole = await readFile(path.resolve(fixtures, 'sample.docx'));
    const pdfBytes = Buffer.concat([
      Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'),
      whole.subarray(0, 200),
    ]);
    const res = await uploadFiles(api(), [
      { name: 'truncated.pdf', data: pdfBytes },
      { name: 'locked.pdf', data: encrypted },
    ]);
    const [truncated, locked] = await Promise.all(
      res.body.items.map((i) => waitForDocument(api(), i.document_id!)),
    );
    expect(truncated).toMatchObject({
      status: 'failed',
      error: { code: 'DOCUMENT_CORRUPT' },
      chunk_count: 0,
    });
    expect(locked).toMatchObject({ status: 'failed', error: { code: 'DOCUMENT_ENCRYPTED' }, chunk_count: 0 });
    expect(await waitForTask(api(), locked!.task_id!)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('turns archive members into processed child documents, and deletes them with their parent', async () => {
    const zip = path.join(t.dataDir, 'bundle-src.zip');
    await writeZip(zip, [
      { name: 'notes/a.txt', data: 'alpha member text' },
      { name: 'b.md', data: '# Beta\n\nbeta member text' },
    ]);
    const res = await uploadFiles(api(), [{ name: 'bundle.zip', data: await readFile(zip) }]);
    const parent = await waitForDocument(api(), res.body.items[0]!.document_id!);
    expect(parent.status).toBe('processed');
    const children = await fetchJson<{ items: DocumentBody[] }>(`${api()}/documents?parent_id=${parent.id}`);
    expect(children.body.items.map((c) => c.source_path).sort()).toEqual(['b.md', 'notes/a.txt']);
    for (const child of children.body.items)
      expect((await waitForDocument(api(), child.id)).status).toBe('processed');

    const del = await fetchJson<{ deleted: string[] }>(`${api()}/documents/${parent.id}`, {
      method: 'DELETE',
    });
    expect(del.body.deleted).toHaveLength(3);
    for (const id of del.body.deleted) expect((await fetch(`${api()}/documents/${id}`)).status).toBe(404);
  });

  it('deletes a document with its bytes when nothing else uses them', async () => {
    const res = await uploadFiles(api(), [{ name: 'gone.txt', data: 'soon deleted' }]);
    const doc = await waitForDocument(api(), res.body.items[0]!.document_id!);
    const blob = path.join(t.dataDir, 'blobs', doc.sha256.slice(0, 2), doc.sha256.slice(2, 4), doc.sha256);
    expect((await filesUnder(path.dirname(blob))).includes(blob)).toBe(true);
    expect((await fetch(`${api()}/documents/${doc.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await filesUnder(path.dirname(blob))).includes(blob)).toBe(false);
    const again = await fetchJson<{ code: string }>(`${api()}/documents/${doc.id}`, { method: 'DELETE' });
    expect(again).toMatchObject({ status: 404, body: { code: 'DOCUMENT_NOT_FOUND' } });
  });

  it('refuses tags and user metadata over their limits on PATCH, changing nothing', async () => {
    const up = await uploadFiles(api(), [{ name: 'limits.txt', data: 'limits apply here' }], {
      tags: 'before',
      metadata: '{"kept":true}',
    });
    const id = up.body.items[0]!.document_id!;
    const patch = (body: unknown) =>
      fetchJson<{ code: string; limit?: number }>(`${api()}/documents/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10; i += 1) deep = { inner: deep };

    const cases = [
      [{ tags: Array.from({ length: 100_000 }, (_, i) => `t${i}`) }, 'TAGS_TOO_MANY'],
      [{ tags: ['fine', 't'.repeat(101)] }, 'TAG_TOO_LONG'],
      [{ metadata: { blob: 'm'.repeat(70_000) } }, 'METADATA_TOO_LARGE'],
      [{ metadata: deep }, 'METADATA_TOO_DEEP'],
    ] as const;
    for (const [body, code] of cases) {
      const res = await patch(body);
      expect(res).toMatchObject({ status: 400, body: { code } });
    }
    const doc = await fetchJson<DocumentBody>(`${api()}/documents/${id}`);
    expect(doc.body.tags).toEqual(['before']);
    expect(doc.body.metadata).toMatchObject({ kept: true });

    const fine = await patch({ tags: Array.from({ length: 100 }, (_, i) => `T${i}`.padEnd(100, 'x')) });
    expect(fine.status).toBe(200);
    expect((fine.body as unknown as DocumentBody).tags).toHaveLength(100);
  });

  it('reprocesses a document with a new task', async () => {
    const res = await uploadFiles(api(), [{ name: 'again.txt', data: 'process me twice' }]);
    const doc = await waitForDocument(api(), res.body.items[0]!.document_id!);
    const re = await fetchJson<{ task: { id: string } }>(`${api()}/documents/${doc.id}/reprocess`, {
      method: 'POST',
    });
    expect(re.status).toBe(202);
    expect(re.body.task.id).not.toBe(doc.task_id);
    const after = await waitForDocument(api(), doc.id);
    expect(after).toMatchObject({ status: 'processed', task_id: re.body.task.id });
  });
});
