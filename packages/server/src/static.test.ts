import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from './problem.schema.js';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE } from './static.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('web UI seam without a build', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it('serves a page that says Sift runs and links to the API reference while the web UI is not built', async () => {
    t = await startTestServer({ webDistDir: path.join(tmpdir(), 'sift-no-such-dist') });
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Sift is running');
    expect(html).toContain('href="/api/docs"');
    // No app shell to fall back to: a client-side route is a plain 404.
    expect((await fetch(`${t.url}/documents/abc`, { headers: HTML })).status).toBe(404);
  });
});

/** A Vite-like build: the shell, hashed bundles under assets/, a file at the top, and a dotfile. */
async function writeDist(dist: string): Promise<void> {
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Sift UI</title>');
  await writeFile(path.join(dist, 'assets', 'index-3f9a1c.js'), 'console.log(1)');
  await writeFile(path.join(dist, 'assets', 'index-77b0e2.css'), 'body{margin:0}');
  await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(dist, '.env'), 'SECRET=1');
}

describe('web UI seam with a build', () => {
  let t: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'sift-web-dist-'));
    await writeDist(dist);
    t = await startTestServer({ webDistDir: dist });
  });
  afterAll(async () => {
    await t.close();
    await rm(dist, { recursive: true, force: true });
  });

  const expectShell = async (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe(REVALIDATE_CACHE);
    expect(await res.text()).toContain('Sift UI');
  };
  const expectProblem404 = async (res: Response) => {
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as Problem).code).toBe('ROUTE_NOT_FOUND');
  };

  it('serves index.html at / and by name, revalidated on every load', async () => {
    await expectShell(await fetch(`${t.url}/`));
    await expectShell(await fetch(`${t.url}/`, { headers: { accept: '*/*' } }));
    await expectShell(await fetch(`${t.url}/index.html`));
  });

  it('caches hashed bundles for a year and leaves other files revalidated', async () => {
    const js = await fetch(`${t.url}/assets/index-3f9a1c.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${t.url}/assets/index-77b0e2.css`);
    expect(css.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    await css.arrayBuffer();
    const icon = await fetch(`${t.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).not.toContain('immutable');
    await icon.arrayBuffer();
  });

  it('answers a browser’s navigation to a client-side route with the app shell, query string and all', async () => {
    await expectShell(await fetch(`${t.url}/documents/3f2a`, { headers: HTML }));
    await expectShell(await fetch(`${t.url}/search?q=honey%20bees`, { headers: HTML }));
    await expectShell(await fetch(`${t.url}/settings/keys/`, { headers: HTML }));
    const head = await fetch(`${t.url}/collections`, { method: 'HEAD', headers: HTML });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe(REVALIDATE_CACHE);
  });

  it('keeps misses of the API, the probes, the reference and bundles, and non-page requests, 404 problems', async () => {
    await expectProblem404(await fetch(`${t.url}/api/v1/nothing-here`, { headers: HTML }));
    await expectProblem404(await fetch(`${t.url}/api/v1/nothing-here`));
    await expectProblem404(await fetch(`${t.url}/health/nothing`, { headers: HTML }));
    await expectProblem404(await fetch(`${t.url}/docs/x`, { headers: HTML }));
    await expectProblem404(await fetch(`${t.url}/openapi.yaml`, { headers: HTML }));
    await expectProblem404(await fetch(`${t.url}/assets/index-old.js`, { headers: HTML }));
    // A script or fetch (no text/html) for something that is not there.
    await expectProblem404(await fetch(`${t.url}/missing.js`));
    await expectProblem404(
      await fetch(`${t.url}/documents/3f2a`, { headers: { accept: 'application/json' } }),
    );
    // Other methods never get the shell.
    await expectProblem404(await fetch(`${t.url}/documents`, { method: 'POST', headers: HTML }));
  });

  it('keeps the API answering beside the files', async () => {
    const health = await fetch(`${t.url}/health`, { headers: HTML });
    expect(health.headers.get('content-type')).toContain('application/json');
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const openapi = await fetch(`${t.url}/api/openapi.json`, { headers: HTML });
    expect(openapi.status).toBe(200);
    await openapi.arrayBuffer();
  });

  it('serves no dotfile and nothing outside the build, whatever the encoding', async () => {
    for (const probe of ['/.env', '/%2eenv', '/assets/..%2f.env', '/..%2f..%2fpackage.json', '/%2e%2e/x']) {
      const res = await fetch(`${t.url}${probe}`, { headers: { accept: '*/*' } });
      expect(res.status, probe).toBeGreaterThanOrEqual(400);
      expect(await res.text(), probe).not.toContain('SECRET');
    }
    // A navigation to a dotfile path gets the shell, never the file.
    const nav = await fetch(`${t.url}/.env`, { headers: HTML });
    expect(await nav.text()).not.toContain('SECRET');
  });
});
