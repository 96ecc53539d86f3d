import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles } from '../testing/upload.js';

describe('GET /documents/:id/file with byte ranges (media players seek with them)', () => {
  let t: TestServer;
  let url: string;
  // Text (any accepted type would do), long enough to span several chunks of the blob stream.
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => 97 + ((i * 7) % 26));

  beforeAll(async () => {
    t = await startTestServer();
    const up = await uploadFiles(`${t.url}/api/v1`, [
      { name: 'letters.txt', data: bytes, type: 'text/plain' },
    ]);
    url = `${t.url}/api/v1/documents/${up.body.items[0]!.document_id}/file`;
  });
  afterAll(() => t.close());

  it('sends the whole file and says ranges are accepted', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('answers one range with 206 and exactly those bytes', async () => {
    const res = await fetch(url, { headers: { range: 'bytes=100000-100009' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100000-100009/${bytes.length}`);
    expect(res.headers.get('content-length')).toBe('10');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes.subarray(100_000, 100_010));

    const tail = await fetch(url, { headers: { range: 'bytes=-5' } });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 5));
  });

  it('refuses a range past the end with 416 and the size', async () => {
    const res = await fetch(url, { headers: { range: `bytes=${bytes.length}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });
});
