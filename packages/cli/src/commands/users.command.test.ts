import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Account } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';
import {
  call,
  errorCode,
  login,
  runSiftWithStdin,
  siftJson,
  startAuthServer,
} from './identity-test-support.js';

const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';
const PASSWORD = 'correct horse battery staple';

/** `sift users …` run as the real binary on fresh data dirs. */
describe('sift users', { timeout: 120_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  const addAdmin = (dataDir: string, email = 'admin@example.org') =>
    runSiftWithStdin(
      ['users', 'add', '--email', email, '--role', 'admin', '--password-stdin', '--json'],
      dataDir,
      `${PASSWORD}\n`,
    );

  it('makes the first admin of the built-in local user, so what was ingested before stays theirs', async () => {
    const dataDir = await dirs.make('sift-cli-users-');
    const folder = await dirs.make('sift-cli-users-docs-');
    await writeFile(path.join(folder, 'note.txt'), 'a note ingested before any account existed');
    expect((await runSift(['ingest', folder, '--no-wait'], dataDir)).code).toBe(0);

    const run = await runSiftWithStdin(
      [
        'users',
        'add',
        '--email',
        'Admin@Example.org',
        '--name',
        'Ada',
        '--role',
        'admin',
        '--password-stdin',
        '--json',
      ],
      dataDir,
      `${PASSWORD}\n`,
    );

    expect(run.code).toBe(0);
    const admin = JSON.parse(run.stdout) as Account;
    expect(admin).toMatchObject({
      id: LOCAL_USER_ID,
      email: 'admin@example.org',
      displayName: 'Ada',
      role: 'admin',
      isActive: true,
      hasPassword: true,
    });
    const db = new Database(path.join(dataDir, 'sift.db'), { readonly: true });
    try {
      const owners = db.prepare('SELECT DISTINCT owner_id FROM documents').pluck().all();
      expect(owners).toEqual([LOCAL_USER_ID]);
    } finally {
      db.close();
    }
    const list = await siftJson<Account[]>(['users', 'list'], dataDir);
    expect(list.map((a) => [a.email, a.role])).toEqual([['admin@example.org', 'admin']]);
  });

  it('creates a second admin as a new account once one exists', async () => {
    const dataDir = await dirs.make('sift-cli-users-');
    expect((await addAdmin(dataDir)).code).toBe(0);

    const second = JSON.parse((await addAdmin(dataDir, 'second@example.org')).stdout) as Account;

    expect(second.id).not.toBe(LOCAL_USER_ID);
    expect(second).toMatchObject({ email: 'second@example.org', role: 'admin' });
    const human = await runSift(['users', 'list'], dataDir);
    expect(human.stdout).toMatch(/^admin@example\.org\s.*\badmin\s+active\s+password/mu);
    expect(human.stdout).toMatch(/^second@example\.org\s.*\badmin\s+active\s+password/mu);
  });

  it('adds a viewer by default, with the password from --password', async () => {
    const dataDir = await dirs.make('sift-cli-users-');

    const run = await runSift(['users', 'add', '--email', 'vi@example.org', '--password', PASSWORD], dataDir);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created viewer vi@example.org');
    // Not an admin: the built-in local user is left for the first admin to take over.
    expect(run.stderr).toContain('no admin exists yet');
  });

  it('refuses a taken email, weak passwords, a bad role and a missing password, each with its code', async () => {
    const dataDir = await dirs.make('sift-cli-users-');
    expect((await addAdmin(dataDir)).code).toBe(0);
    const cases: [string[], string][] = [
      [['--email', 'ADMIN@example.org', '--password', PASSWORD], 'EMAIL_TAKEN'],
      [['--email', 'b@example.org', '--password', 'short'], 'PASSWORD_TOO_SHORT'],
      [['--email', 'c@example.org', '--password', 'password1234'], 'PASSWORD_TOO_COMMON'],
      [['--email', 'd@example.org', '--password', PASSWORD, '--role', 'owner'], 'ROLE_INVALID'],
      [['--email', 'not-an-email', '--password', PASSWORD], 'EMAIL_INVALID'],
      // runSift gives the child no stdin: --password-stdin reads nothing.
      [['--email', 'e@example.org', '--password-stdin'], 'PASSWORD_REQUIRED'],
      [['--email', 'f@example.org'], 'PASSWORD_REQUIRED'],
      [['--email', 'g@example.org', '--password', PASSWORD, '--password-stdin'], 'PASSWORD_OPTIONS_CONFLICT'],
    ];
    // One after the other: the machine's cores are shared.
    for (const [args, code] of cases) {
      const run = await runSift(['users', 'add', ...args], dataDir);
      expect(run.code, run.stderr).toBe(2);
      expect(errorCode(run), args.join(' ')).toBe(code);
    }
    const list = await siftJson<Account[]>(['users', 'list'], dataDir);
    expect(list.map((a) => a.email)).toEqual(['admin@example.org']);
  });

  it('never demotes or disables the last active admin (LAST_ADMIN), but does once there is another', async () => {
    const dataDir = await dirs.make('sift-cli-users-');
    expect((await addAdmin(dataDir)).code).toBe(0);
    const editor = ['users', 'add', '--email', 'ed@example.org', '--role', 'editor', '--password', PASSWORD];
    expect((await runSift(editor, dataDir)).code).toBe(0);

    const demote = await runSift(['users', 'set-role', 'admin@example.org', 'editor'], dataDir);
    const disable = await runSift(['users', 'disable', 'admin@example.org'], dataDir);

    for (const run of [demote, disable]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('the last active admin cannot be demoted or disabled [LAST_ADMIN]');
    }
    const promoted = await runSift(['users', 'set-role', 'ed@example.org', 'admin'], dataDir);
    expect(promoted).toMatchObject({ code: 0, stdout: 'ed@example.org is now admin.\n' });
    const disabled = await siftJson<Account>(['users', 'disable', 'admin@example.org'], dataDir);
    expect(disabled).toMatchObject({ role: 'admin', isActive: false });
    const enabled = await siftJson<Account>(['users', 'enable', 'admin@example.org'], dataDir);
    expect(enabled.isActive).toBe(true);
  });

  it('answers USER_NOT_FOUND and ROLE_INVALID for an unknown account or role', async () => {
    const dataDir = await dirs.make('sift-cli-users-');

    const unknown = await runSift(['users', 'disable', 'nobody@example.org'], dataDir);
    const badRole = await runSift(['users', 'set-role', 'nobody@example.org', 'root'], dataDir);

    expect([unknown.code, errorCode(unknown)]).toEqual([2, 'USER_NOT_FOUND']);
    expect([badRole.code, errorCode(badRole)]).toEqual([2, 'ROLE_INVALID']);
  });

  it('passwd sets a new password that signs in, refuses the old one and ends existing sign-ins', async () => {
    const dataDir = await dirs.make('sift-cli-users-');
    expect((await addAdmin(dataDir)).code).toBe(0);
    const server = await startAuthServer(dataDir);
    try {
      const before = await login(server.base, 'admin@example.org', PASSWORD);
      expect(before.status).toBe(200);

      const weak = await runSiftWithStdin(
        ['users', 'passwd', 'admin@example.org', '--password-stdin'],
        dataDir,
        'short\n',
      );
      const unknown = await runSift(
        ['users', 'passwd', 'x@example.org', '--password', 'a new passphrase 42'],
        dataDir,
      );
      const reset = await runSiftWithStdin(
        ['users', 'passwd', 'admin@example.org', '--password-stdin'],
        dataDir,
        'a new passphrase 42\n',
      );

      expect([weak.code, errorCode(weak)]).toEqual([2, 'PASSWORD_TOO_SHORT']);
      expect([unknown.code, errorCode(unknown)]).toEqual([2, 'USER_NOT_FOUND']);
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain('New password set for admin@example.org');
      expect(await call(server.base, '/auth/me', before.accessToken!)).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_INVALID' },
      });
      expect(await login(server.base, 'admin@example.org', PASSWORD)).toMatchObject({
        status: 401,
        code: 'INVALID_CREDENTIALS',
      });
      expect((await login(server.base, 'admin@example.org', 'a new passphrase 42')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
