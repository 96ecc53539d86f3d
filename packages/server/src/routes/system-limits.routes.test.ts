import { JSON_BODY_LIMIT_BYTES } from '../security/security.plugin.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles } from '../testing/upload.js';
import type { SystemLimitsResponse } from './system-limits.schema.js';

const MB = 1024 ** 2;

/** `size` bytes of plain text. */
const textOf = (size: number) => 'lorem ipsum dolor sit amet\n'.repeat(Math.ceil(size / 27)).slice(0, size);

describe('GET /system/limits', () => {
  let t: TestServer;
  let limits: SystemLimitsResponse;
  const api = () => `${t.url}/api/v1`;
  beforeAll(async () => {
    t = await startTestServer({
      env: {
        SIFT_WORKERS: 'false',
        SIFT_MAX_IMAGE_MB: '2',
        SIFT_MAX_DOCUMENT_MB: '1',
        SIFT_UPLOAD_MAX_FILES: '2',
      },
    });
    const res = await fetchJson<SystemLimitsResponse>(`${api()}/system/limits`);
    expect(res.status).toBe(200);
    limits = res.body;
  });
  afterAll(() => t.close());

  it('reports the configured limits per category, per request and for JSON bodies', () => {
    expect(limits.upload.max_file_bytes).toEqual({
      document: 1 * MB,
      image: 2 * MB,
      audio: 500 * MB,
      archive: 1024 * MB,
    });
    expect(limits.upload.max_files).toBe(2);
    expect(limits.upload.max_fields).toBeGreaterThan(0);
    expect(limits.json_body_bytes).toBe(JSON_BODY_LIMIT_BYTES);
    expect(limits.documents).toEqual({ max_tags: 100, max_tag_length: 100, max_metadata_bytes: 64 * 1024 });
  });

  it('lists the accepted formats with their aliases, MIME types and limits, and an accept attribute', () => {
    const byExt = new Map(limits.upload.accepted_types.map((type) => [type.extension, type]));
    expect(byExt.get('pdf')).toEqual({
      extension: 'pdf',
      aliases: [],
      content_type: 'application/pdf',
      category: 'document',
      max_bytes: 1 * MB,
    });
    expect(byExt.get('jpg')).toMatchObject({ aliases: expect.arrayContaining(['jpeg']), max_bytes: 2 * MB });
    expect(byExt.get('tar.gz')).toMatchObject({ aliases: ['tgz'], category: 'archive' });
    const accept = limits.upload.accept.split(',');
    expect(accept).toEqual(
      expect.arrayContaining(['.pdf', '.docx', '.jpg', '.jpeg', '.mp3', '.zip', '.tar.gz']),
    );
    expect(accept.every((ext) => /^\.[a-z0-9.]+$/u.test(ext))).toBe(true);
    expect(limits.upload.accepts_other_text).toBe(true);
  });

  it('tells what the upload route enforces: a file at its category’s limit passes, one byte more is refused', async () => {
    const limit = limits.upload.max_file_bytes.document;
    const atLimit = await uploadFiles(api(), [
      { name: 'at-limit.txt', data: textOf(limit), type: 'text/plain' },
    ]);
    expect(atLimit.status).toBe(202);
    const over = await uploadFiles(api(), [
      { name: 'over.txt', data: textOf(limit + 1), type: 'text/plain' },
    ]);
    expect(over.status).toBe(413);
  });

  it('tells what the upload route enforces: max_files files pass, one more fails the request', async () => {
    const file = (i: number) => ({ name: `note-${i}.txt`, data: `note number ${i}`, type: 'text/plain' });
    const allowed = await uploadFiles(
      api(),
      Array.from({ length: limits.upload.max_files }, (_, i) => file(i)),
    );
    expect(allowed.status).toBe(202);
    const tooMany = await uploadFiles(
      api(),
      Array.from({ length: limits.upload.max_files + 1 }, (_, i) => file(i + 10)),
    );
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('UPLOAD_TOO_MANY_FILES');
  });
});
