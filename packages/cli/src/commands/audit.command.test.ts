import type { Account, ApiKeyRecord, AuditRecord } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';
import { errorCode, siftJson } from './identity-test-support.js';

const PASSWORD = 'correct horse battery staple';
const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';

/** `sift audit` run as the real binary over the trail that the identity commands leave. */
describe('sift audit', { timeout: 180_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('lists the events of the identity commands newest first, filtered by actor, action, entity and time', async () => {
    const dataDir = await dirs.make('sift-cli-audit-');
    const add = (email: string, role: string) =>
      siftJson<Account>(['users', 'add', '--email', email, '--role', role, '--password', PASSWORD], dataDir);
    await add('admin@example.org', 'admin');
    const editor = await add('ed@example.org', 'editor');
    await siftJson(['users', 'set-role', 'ed@example.org', 'viewer'], dataDir);
    await siftJson(['groups', 'add', 'Team', '--member', 'ed@example.org'], dataDir);
    const { record } = await siftJson<{ record: ApiKeyRecord }>(
      ['keys', 'create', '--user', 'ed@example.org', '--name', 'ci', '--scope', 'read'],
      dataDir,
    );
    await siftJson(['keys', 'revoke', record.id], dataDir);
    await siftJson(['users', 'passwd', 'ed@example.org', '--password', 'another passphrase 42'], dataDir);
    await siftJson(['keys', 'rotate-signing'], dataDir);

    const trail = await siftJson<AuditRecord[]>(['audit'], dataDir);

    expect(trail.map((r) => r.action)).toEqual([
      'auth.signing_key_rotate',
      'user.password_reset',
      'api_key.revoke',
      'api_key.create',
      'group.create',
      'user.role_change',
      'user.create',
      'auth.setup',
    ]);
    // The operator acts as the built-in local user, which the first admin took over.
    expect(trail.every((r) => r.actorUserId === LOCAL_USER_ID && r.outcome === 'success')).toBe(true);
    expect(trail[5]).toMatchObject({
      entityId: editor.id,
      before: { role: 'editor' },
      after: { role: 'viewer' },
    });
    const actions = async (...filter: string[]) =>
      (await siftJson<AuditRecord[]>(['audit', ...filter], dataDir)).map((r) => r.action);
    expect(await actions('--entity', 'api_key')).toEqual(['api_key.revoke', 'api_key.create']);
    expect(await actions('--action', 'user.create')).toEqual(['user.create']);
    expect(await actions('--actor', 'admin@example.org', '--limit', '2')).toEqual([
      'auth.signing_key_rotate',
      'user.password_reset',
    ]);
    expect(await actions('--actor', 'ed@example.org')).toEqual([]);
    expect(await actions('--since', new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    const human = await runSift(['audit', '--limit', '1'], dataDir);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(
        `^\\S+Z\\s+admin@example\\.org\\s+auth\\.signing_key_rotate\\s+signing_key\\s+success`,
        'mu',
      ),
    );
    // There was more than one: the reader is told the list is cut.
    expect(human.stderr).toContain('More records are older than these');
  });

  it('refuses bad filters with AUDIT_FILTER_INVALID, and an unknown actor with USER_NOT_FOUND', async () => {
    const dataDir = await dirs.make('sift-cli-audit-');

    const cases: [string[], string][] = [
      [['--since', 'yesterday'], 'AUDIT_FILTER_INVALID'],
      [['--limit', '0'], 'AUDIT_FILTER_INVALID'],
      [['--limit', '501'], 'AUDIT_FILTER_INVALID'],
      [['--actor', 'nobody@example.org'], 'USER_NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const run = await runSift(['audit', ...args], dataDir);
      expect(run.code, run.stderr).toBe(2);
      expect(errorCode(run), args.join(' ')).toBe(code);
    }
    expect((await runSift(['audit'], dataDir)).stdout).toBe('No audit records.\n');
  });
});
