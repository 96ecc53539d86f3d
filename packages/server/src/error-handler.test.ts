import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Problem } from './problem.schema.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

describe('error handler', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function problem(res: Response): Promise<Problem> {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as Problem;
  }

  it('answers an unknown route with 404 ROUTE_NOT_FOUND as problem+json', async () => {
    const res = await fetch(`${t.url}/api/v1/nothing-here?x=1`);
    expect(res.status).toBe(404);
    expect(await problem(res)).toEqual({
      type: 'urn:sift:error:ROUTE_NOT_FOUND',
      title: 'Not Found',
      status: 404,
      detail: 'no route for GET /api/v1/nothing-here',
      code: 'ROUTE_NOT_FOUND',
      instance: '/api/v1/nothing-here',
      request_id: res.headers.get('x-request-id'),
    });
  });

  it('maps a not_found AppError to 404 with its code and details', async () => {
    const id = randomUUID();
    const res = await fetch(`${t.url}/api/v1/tasks/${id}`);
    expect(res.status).toBe(404);
    const body = await problem(res);
    expect(body).toMatchObject({ status: 404, code: 'TASK_NOT_FOUND', id, instance: `/api/v1/tasks/${id}` });
    expect(body.detail).toContain(id);
  });

  it('answers a validation error with 400 VALIDATION_FAILED naming the field', async () => {
    const res = await fetch(`${t.url}/api/v1/tasks?limit=abc`);
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual([
      { in: 'querystring', field: 'limit', message: expect.any(String), code: 'invalid_type' },
    ]);
    expect(body.detail).toContain('limit');
  });

  it('names the offending item of a multi-value filter', async () => {
    const res = await fetch(`${t.url}/api/v1/tasks?status=pending,bogus`);
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.errors).toEqual([expect.objectContaining({ in: 'querystring', field: 'status.1' })]);
  });

  it("passes Fastify's own client errors through with their status", async () => {
    const res = await fetch(`${t.url}/api/v1/tasks/x/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await problem(res)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('uses the code override where a code has a more specific status than its category', async () => {
    const spy = vi
      .spyOn(t.runtime.tasks, 'get')
      .mockRejectedValueOnce(
        new AppError('BLOB_TOO_LARGE', 'user', 'too big', { details: { max_bytes: 10 } }),
      );
    const res = await fetch(`${t.url}/api/v1/tasks/any`);
    spy.mockRestore();
    expect(res.status).toBe(413);
    expect(await problem(res)).toMatchObject({
      code: 'BLOB_TOO_LARGE',
      title: 'Payload Too Large',
      max_bytes: 10,
    });
  });

  it('says when to come back in Retry-After on a 429, not on other client errors', async () => {
    const spy = vi
      .spyOn(t.runtime.tasks, 'get')
      .mockRejectedValueOnce(
        new AppError('RATE_LIMITED', 'user', 'slow down', { details: { retryAfterSeconds: 7 } }),
      )
      .mockRejectedValueOnce(
        new AppError('SOMETHING_WRONG', 'user', 'no', { details: { retryAfterSeconds: 7 } }),
      );
    const limited = await fetch(`${t.url}/api/v1/tasks/any`);
    const refused = await fetch(`${t.url}/api/v1/tasks/any`);
    spy.mockRestore();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await problem(limited)).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 7 });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('retry-after')).toBeNull();
  });

  it('keeps the standard members when details use the same names', async () => {
    const spy = vi
      .spyOn(t.runtime.tasks, 'get')
      .mockRejectedValueOnce(
        new AppError('TASK_BUSY', 'conflict', 'busy', { details: { status: 'running' } }),
      );
    const res = await fetch(`${t.url}/api/v1/tasks/any`);
    spy.mockRestore();
    expect(res.status).toBe(409);
    expect(await problem(res)).toMatchObject({ status: 409, code: 'TASK_BUSY' });
  });

  it('maps a third_party AppError to 502', async () => {
    const spy = vi
      .spyOn(t.runtime.tasks, 'get')
      .mockRejectedValueOnce(new AppError('EMBEDDER_UNAVAILABLE', 'third_party', 'provider down'));
    const res = await fetch(`${t.url}/api/v1/tasks/any`);
    spy.mockRestore();
    expect(res.status).toBe(502);
    expect(await problem(res)).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE', detail: 'provider down' });
  });

  it('keeps server paths out of the message and details of an error body', async () => {
    const modelDir = path.join(t.dataDir, 'models', 'nobody', 'missing');
    const spy = vi.spyOn(t.runtime.tasks, 'get').mockRejectedValueOnce(
      new AppError(
        'MODEL_MISSING',
        'system',
        `nobody/missing is not available offline: put it under ${modelDir}.`,
        {
          details: {
            modelsDir: path.join(t.dataDir, 'models'),
            nested: { searched: ['/usr/share/tesseract-ocr/5/tessdata', 'C:\\sift\\tessdata'] },
            reason: `ENOENT: no such file or directory, open '${modelDir}/config.json'`,
            url: 'http://127.0.0.1:9/v1/audio/transcriptions',
            hint: 'see POST /api/v1/tasks/:id/retry',
          },
        },
      ),
    );
    const res = await fetch(`${t.url}/api/v1/tasks/any`);
    spy.mockRestore();
    const text = await res.text();
    expect(text).not.toContain(t.dataDir);
    expect(text).not.toContain('/usr/share');
    expect(text).not.toContain('C:\\\\sift');
    expect(JSON.parse(text)).toMatchObject({
      code: 'MODEL_MISSING',
      detail: 'nobody/missing is not available offline: put it under [server path].',
      modelsDir: '[server path]',
      nested: { searched: ['[server path]', '[server path]'] },
      reason: "ENOENT: no such file or directory, open '[server path]'",
      url: 'http://127.0.0.1:9/v1/audio/transcriptions',
      hint: 'see POST /api/v1/tasks/:id/retry',
    });
  });

  it('leaves a path the client sent itself in the error body', async () => {
    const res = await fetch(`${t.url}/api/v1/tasks/${encodeURIComponent('/home/someone/docs')}`);
    expect(res.status).toBe(404);
    const body = await problem(res);
    expect(body).toMatchObject({ code: 'TASK_NOT_FOUND', id: '/home/someone/docs' });
    expect(body.detail).toContain('/home/someone/docs');
  });

  it('answers an unexpected error with 500 INTERNAL without leaking its message or stack', async () => {
    const spy = vi
      .spyOn(t.runtime.tasks, 'get')
      .mockRejectedValueOnce(new TypeError('secret detail at /srv/sift/data/sift.db'));
    const res = await fetch(`${t.url}/api/v1/tasks/any`);
    spy.mockRestore();
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('TypeError');
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'INTERNAL', title: 'Internal Server Error' });
  });
});
