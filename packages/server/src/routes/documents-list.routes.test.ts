import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, type DocumentBody } from '../testing/upload.js';

interface PageBody {
  items: (DocumentBody & { size: number })[];
  next_cursor: string | null;
}

/** GET /documents with sort, order, cursor and language (no workers: the documents stay queued). */
describe('documents API: list order and language', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;
  const FILES = [
    { name: 'beta.txt', data: 'b'.repeat(30) },
    { name: 'Alpha.txt', data: 'a'.repeat(10) },
    { name: 'gamma.txt', data: 'g'.repeat(20) },
    { name: 'delta.txt', data: 'd'.repeat(20) },
  ];

  beforeAll(async () => {
    t = await startTestServer();
    const up = await uploadFiles(api(), FILES);
    expect(up.status).toBe(202);
    // What processing would find; set directly, as no worker runs here.
    const ids = up.body.items.map((i) => i.document_id!);
    await t.runtime.metadata.documents.update(ids[0]!, { language: 'de' });
    await t.runtime.metadata.documents.update(ids[1]!, { language: 'en' });
    await t.runtime.metadata.documents.update(ids[2]!, { language: 'fr' });
  });
  afterAll(() => t.close());

  /** Every page of `query`, two documents at a time. */
  const allPages = async (query: string) => {
    const pages: PageBody['items'][] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${api()}/documents?limit=2&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res: { status: number; body: PageBody } = await fetchJson<PageBody>(url);
      expect(res.status, url).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.next_cursor;
    } while (cursor);
    return pages;
  };

  it('pages through names A to Z by default, case-insensitively, and Z to A on request', async () => {
    const names = (await allPages('sort=name')).map((p) => p.map((d) => d.filename));
    expect(names).toEqual([
      ['Alpha.txt', 'beta.txt'],
      ['delta.txt', 'gamma.txt'],
    ]);
    const desc = (await allPages('sort=name&order=desc')).flat().map((d) => d.filename);
    expect(desc).toEqual(['gamma.txt', 'delta.txt', 'beta.txt', 'Alpha.txt']);
  });

  it('sorts by size largest first by default, equal sizes newest upload first', async () => {
    const sizes = (await allPages('sort=size')).flat().map((d) => d.filename);
    expect(sizes).toEqual(['beta.txt', 'delta.txt', 'gamma.txt', 'Alpha.txt']);
  });

  it('filters by one or several languages, in any case', async () => {
    const names = async (query: string) =>
      (await fetchJson<PageBody>(`${api()}/documents?${query}`)).body.items.map((d) => d.filename).sort();
    expect(await names('language=en')).toEqual(['Alpha.txt']);
    expect(await names('language=EN,de&sort=name')).toEqual(['Alpha.txt', 'beta.txt']);
    expect(await names('language=it')).toEqual([]);
  });

  it('answers 400 INVALID_CURSOR for a cursor of another sort, and refuses an unknown sort or order', async () => {
    const page = await fetchJson<PageBody>(`${api()}/documents?sort=name&limit=1`);
    const cursor = encodeURIComponent(page.body.next_cursor!);
    const other = await fetchJson<{ code: string }>(`${api()}/documents?sort=size&limit=1&cursor=${cursor}`);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('INVALID_CURSOR');
    const flipped = await fetchJson<{ code: string }>(
      `${api()}/documents?sort=name&order=desc&limit=1&cursor=${cursor}`,
    );
    expect(flipped.body.code).toBe('INVALID_CURSOR');
    for (const query of ['sort=title', 'order=up', 'language=english']) {
      const res = await fetchJson<{ code: string }>(`${api()}/documents?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code, query).toBe('VALIDATION_FAILED');
    }
  });
});
