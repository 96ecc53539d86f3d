import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@sift/config';
import { createRuntime } from '@sift/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../start-server.js';

const PASSWORD = 'a long enough test password';

/**
 * An install used before accounts existed (everything the built-in local user's) upgrades: with accounts on it
 * asks for setup, and its documents belong to the first admin — and to nobody else.
 */
describe('upgrading a single-user install', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function serve(dataDir: string, auth: 'on' | 'off') {
    const config = loadConfig({
      SIFT_DATA_DIR: dataDir,
      SIFT_PORT: '0',
      SIFT_LOG_LEVEL: 'silent',
      SIFT_AUTH: auth,
      SIFT_EMBEDDER: 'none',
    });
    const runtime = await createRuntime(config);
    await runtime.startWorkers();
    const { server, address } = await startServer(runtime);
    return { api: `${address}/api/v1`, close: async () => (await server.close(), await runtime.close()) };
  }

  it('gives the documents of the local user to the first admin', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sift-upgrade-'));
    dirs.push(dataDir);
    const before = await serve(dataDir, 'off');
    const form = new FormData();
    form.append(
      'file',
      new Blob(['Notes written before there were accounts.'], { type: 'text/plain' }),
      'old.txt',
    );
    const uploaded = (await (
      await fetch(`${before.api}/documents`, { method: 'POST', body: form })
    ).json()) as {
      items: { document_id: string }[];
    };
    const id = uploaded.items[0]!.document_id;
    await before.close();

    const after = await serve(dataDir, 'on');
    try {
      expect(((await (await fetch(`${after.api}/documents/${id}`)).json()) as { code: string }).code).toBe(
        'SETUP_REQUIRED',
      );
      const setup = (await (
        await fetch(`${after.api}/auth/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@example.com', password: PASSWORD }),
        })
      ).json()) as { access_token: string; user: { id: string } };
      const asAdmin = { authorization: `Bearer ${setup.access_token}` };
      const doc = (await (await fetch(`${after.api}/documents/${id}`, { headers: asAdmin })).json()) as {
        owner_id: string;
      };
      expect(doc.owner_id).toBe(setup.user.id);

      await fetch(`${after.api}/users`, {
        method: 'POST',
        headers: { ...asAdmin, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'e@example.com', role: 'editor', password: PASSWORD }),
      });
      const login = (await (
        await fetch(`${after.api}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'e@example.com', password: PASSWORD }),
        })
      ).json()) as { access_token: string };
      const asEditor = { authorization: `Bearer ${login.access_token}` };
      expect((await fetch(`${after.api}/documents/${id}`, { headers: asEditor })).status).toBe(404);
    } finally {
      await after.close();
    }
  });
});
