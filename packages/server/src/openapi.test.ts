import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from './testing/test-server.js';

/** The parts of an OpenAPI document these tests read. */
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { name: string; in: string }[]; responses: Record<string, { content?: object }> }
    >
  >;
  components: { schemas: Record<string, unknown> };
}

describe('OpenAPI and the API reference', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const { status, body: doc } = await fetchJson<OpenApiDoc>(`${t.url}/api/openapi.json`);
    expect(status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Sift API', version: expect.any(String) });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/health/ready',
        '/api/v1/tasks',
        '/api/v1/tasks/{id}',
        '/api/v1/tasks/{id}/cancel',
        '/api/v1/tasks/{id}/retry',
        '/api/v1/system/status',
      ]),
    );
    // Documentation routes themselves stay out of the document.
    expect(
      Object.keys(doc.paths).filter((p) => p.startsWith('/api/docs') || p === '/api/openapi.json'),
    ).toEqual([]);
  });

  it('documents query parameters, schemas and problem responses', async () => {
    const { body: doc } = await fetchJson<OpenApiDoc>(`${t.url}/api/openapi.json`);
    const list = doc.paths['/api/v1/tasks']?.get;
    expect(list?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:status', 'query:type', 'query:queue', 'query:limit', 'query:cursor']),
    );
    expect(doc.components.schemas).toHaveProperty('Task');
    expect(doc.components.schemas).toHaveProperty('Problem');
    // Only the named output schemas are components; their unused input twins are pruned.
    expect(Object.keys(doc.components.schemas).filter((name) => name.endsWith('Input'))).toEqual([]);
    const notFound = doc.paths['/api/v1/tasks/{id}']?.get?.responses['404'];
    expect(Object.keys(notFound?.content ?? {})).toEqual(['application/problem+json']);
  });

  it('serves the browsable reference with its assets from this server', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThan(0);
    // Offline: every asset is local, and it is there.
    for (const asset of assets) {
      expect(asset).not.toMatch(/^https?:/);
      const res = await fetch(new URL(asset, `${t.url}/api/docs`));
      expect(res.status).toBe(200);
      // Read it whole: an unread body keeps the connection busy, and the server's close waits for it.
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });
});
