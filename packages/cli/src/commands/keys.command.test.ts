import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Account, ApiKeyRecord } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';
import { call, errorCode, login, siftJson, startAuthServer } from './identity-test-support.js';

const PASSWORD = 'correct horse battery staple';

/** What `sift keys create --json` prints. */
interface Created {
  key: string;
  record: ApiKeyRecord;
}

/** `sift keys …` run as the real binary on fresh data dirs, the keys tried against a real `sift serve`. */
describe('sift keys', { timeout: 180_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  /** A data dir with an admin (the operator's account), an editor and a viewer. */
  async function withAccounts(): Promise<string> {
    const dataDir = await dirs.make('sift-cli-keys-');
    for (const [email, role] of [
      ['admin@example.org', 'admin'],
      ['ed@example.org', 'editor'],
      ['vi@example.org', 'viewer'],
    ] as const) {
      await siftJson<Account>(
        ['users', 'add', '--email', email, '--role', role, '--password', PASSWORD],
        dataDir,
      );
    }
    return dataDir;
  }

  it('prints a new key once; it authenticates against the server until `keys revoke` (then 401 API_KEY_REVOKED)', async () => {
    const dataDir = await withAccounts();
    const server = await startAuthServer(dataDir);
    try {
      const created = await runSift(
        ['keys', 'create', '--user', 'ed@example.org', '--name', 'ci', '--scope', 'read', '--scope', 'write'],
        dataDir,
      );

      expect(created.code).toBe(0);
      const key = /^(sift_\S+)$/mu.exec(created.stdout)?.[1];
      expect(key).toBeDefined();
      expect(created.stderr).toContain('This key is shown only now');
      const me = await call(server.base, '/auth/me', key!);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        user: { email: 'ed@example.org', role: 'editor' },
        via: 'api_key',
        scopes: ['read', 'write'],
        collection_ids: null,
      });
      // Listed by its visible prefix, never with the secret.
      const list = await runSift(['keys', 'list', '--json'], dataDir);
      expect(list.stdout).not.toContain(key!);
      const [record] = JSON.parse(list.stdout) as ApiKeyRecord[];
      expect(key!.startsWith(`${record!.prefix}_`)).toBe(true);
      expect(record).toMatchObject({ name: 'ci', revokedAt: null, lastUsedAt: expect.any(String) });

      const revoked = await runSift(['keys', 'revoke', record!.id], dataDir);

      expect(revoked).toMatchObject({ code: 0, stdout: `Revoked API key "ci" (${record!.prefix}).\n` });
      expect(await call(server.base, '/auth/me', key!)).toMatchObject({
        status: 401,
        body: { code: 'API_KEY_REVOKED' },
      });
      const human = await runSift(['keys', 'list', '--user', 'ed@example.org'], dataDir);
      expect(human.stdout).toMatch(
        new RegExp(
          `^${record!.id}\\s+${record!.prefix}\\s+ci\\s+ed@example\\.org\\s+read,write\\s+revoked `,
          'mu',
        ),
      );
    } finally {
      await server.stop();
    }
  });

  it("restricts a key to collections by name (the owner's first) or id; refuses unknown and ambiguous names", async () => {
    const dataDir = await withAccounts();
    const folder = await dirs.make('sift-cli-keys-folder-');
    // `sift ingest` makes "docs" for the operator, who is the admin.
    expect((await runSift(['ingest', folder, '--collection', 'docs', '--no-wait'], dataDir)).code).toBe(0);
    const server = await startAuthServer(dataDir);
    try {
      const editorKey = await siftJson<Created>(
        ['keys', 'create', '--user', 'ed@example.org', '--name', 'w', '--scope', 'read', '--scope', 'write'],
        dataDir,
      );
      const editorDocs = await call(server.base, '/collections', editorKey.key, {
        method: 'POST',
        body: { name: 'docs' },
      });
      expect(editorDocs.status).toBe(201);
      const create = (user: string, collection: string) =>
        runSift(
          [
            'keys',
            'create',
            '--user',
            user,
            '--name',
            'r',
            '--scope',
            'read',
            '--collection',
            collection,
            '--json',
          ],
          dataDir,
        );

      const forEditor = JSON.parse((await create('ed@example.org', 'docs')).stdout) as Created;
      const forAdmin = JSON.parse((await create('admin@example.org', 'docs')).stdout) as Created;
      const ambiguous = await create('vi@example.org', 'docs');
      const unknown = await create('vi@example.org', 'nothing-like-it');
      const adminDocsId = forAdmin.record.collectionIds![0]!;
      const byId = JSON.parse((await create('vi@example.org', adminDocsId)).stdout) as Created;

      expect(forEditor.record.collectionIds).toEqual([editorDocs.body.id]);
      expect(adminDocsId).not.toBe(editorDocs.body.id);
      expect([ambiguous.code, errorCode(ambiguous)]).toEqual([2, 'COLLECTION_AMBIGUOUS']);
      expect([unknown.code, errorCode(unknown)]).toEqual([2, 'COLLECTION_NOT_FOUND']);
      expect(await call(server.base, '/auth/me', byId.key)).toMatchObject({
        status: 200,
        body: { user: { email: 'vi@example.org' }, collection_ids: [adminDocsId] },
      });
    } finally {
      await server.stop();
    }
  });

  it('sets expiry and rate limit, and refuses bad keys with their codes', async () => {
    const dataDir = await withAccounts();
    const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const base = ['keys', 'create', '--user', 'vi@example.org', '--name', 'k', '--scope', 'read'];

    const made = await siftJson<Created>([...base, '--expires', expires, '--rate', '60'], dataDir);

    expect(made.record).toMatchObject({ expiresAt: expires, rateLimitPerMinute: 60, scopes: ['read'] });
    const cases: [string[], string][] = [
      [
        ['keys', 'create', '--user', 'nobody@example.org', '--name', 'k', '--scope', 'read'],
        'USER_NOT_FOUND',
      ],
      [[...base, '--scope', 'write'], 'API_KEY_SCOPE_EXCEEDS_ROLE'],
      [
        ['keys', 'create', '--user', 'vi@example.org', '--name', 'k', '--scope', 'root'],
        'API_KEY_INVALID_SCOPES',
      ],
      [
        ['keys', 'create', '--user', 'vi@example.org', '--name', ' ', '--scope', 'read'],
        'API_KEY_INVALID_NAME',
      ],
      [[...base, '--expires', '2001-01-01T00:00:00Z'], 'API_KEY_INVALID_EXPIRY'],
      [[...base, '--expires', 'next week'], 'API_KEY_INVALID_EXPIRY'],
      [[...base, '--rate', '0'], 'API_KEY_INVALID_RATE'],
      [[...base, '--rate', 'fast'], 'API_KEY_INVALID_RATE'],
      [['keys', 'revoke', '00000000-0000-4000-8000-00000000dead'], 'API_KEY_NOT_FOUND'],
      [['keys', 'list', '--user', 'nobody@example.org'], 'USER_NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const run = await runSift(args, dataDir);
      expect(run.code, run.stderr).toBe(2);
      expect(errorCode(run), args.join(' ')).toBe(code);
    }
    expect(await siftJson<ApiKeyRecord[]>(['keys', 'list'], dataDir)).toHaveLength(1);
  });

  it('rotate-signing signs new tokens with a new key while tokens signed before stay valid', async () => {
    const dataDir = await withAccounts();
    let server = await startAuthServer(dataDir);
    const before = await login(server.base, 'admin@example.org', PASSWORD);
    await server.stop();

    const rotated = await runSift(['keys', 'rotate-signing'], dataDir);

    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Tokens signed before stay valid until they expire');
    const keyFile = JSON.parse(await readFile(path.join(dataDir, 'keys', 'jwt-keys.json'), 'utf8')) as {
      keys: { kid: string }[];
    };
    expect(keyFile.keys).toHaveLength(2);
    server = await startAuthServer(dataDir);
    try {
      expect((await call(server.base, '/auth/me', before.accessToken!)).status).toBe(200);
      const after = await login(server.base, 'admin@example.org', PASSWORD);
      expect(kid(after.accessToken!)).toBe(keyFile.keys[0]!.kid);
      expect(kid(before.accessToken!)).toBe(keyFile.keys[1]!.kid);
    } finally {
      await server.stop();
    }
  });

  it('refuses to rotate a signing key fixed by SIFT_JWT_SECRET (JWT_KEY_FIXED)', async () => {
    const dataDir = await dirs.make('sift-cli-keys-');

    const run = await runSift(['keys', 'rotate-signing'], dataDir, 90_000, {
      SIFT_JWT_SECRET: 'a-fixed-secret-of-at-least-32-characters',
    });

    expect([run.code, errorCode(run)]).toEqual([2, 'JWT_KEY_FIXED']);
  });
});

/** The id of the key that signed a JWT (its header's `kid`). */
function kid(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
}
