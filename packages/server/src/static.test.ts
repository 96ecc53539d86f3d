import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from './problem.schema.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

describe('web UI seam', () => {
  let t: TestServer;
  const dirs: string[] = [];
  afterEach(async () => {
    await t.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('serves a page that says Sift runs and links to the API reference while the web UI is not built', async () => {
    t = await startTestServer({ webDistDir: path.join(tmpdir(), 'sift-no-such-dist') });
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Sift is running');
    expect(html).toContain('href="/api/docs"');
  });

  it('serves the built web UI when its dist directory exists', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'sift-web-dist-'));
    dirs.push(dist);
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Sift UI</title>');
    await writeFile(path.join(dist, 'app.js'), 'console.log(1)');
    t = await startTestServer({ webDistDir: dist });
    expect(await (await fetch(`${t.url}/`)).text()).toContain('Sift UI');
    expect(await (await fetch(`${t.url}/app.js`)).text()).toBe('console.log(1)');
    // The API keeps answering beside the static files, and unknown paths stay problem+json.
    expect(await (await fetch(`${t.url}/health`)).json()).toMatchObject({ status: 'ok' });
    const missing = await fetch(`${t.url}/missing.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Problem).code).toBe('ROUTE_NOT_FOUND');
  });
});
