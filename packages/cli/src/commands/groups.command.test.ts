import type { Account, Group } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';
import { errorCode, siftJson } from './identity-test-support.js';

const PASSWORD = 'correct horse battery staple';

/** `sift groups …` run as the real binary on fresh data dirs. */
describe('sift groups', { timeout: 120_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  async function withTwoAccounts(): Promise<{ dataDir: string; ids: string[] }> {
    const dataDir = await dirs.make('sift-cli-groups-');
    const ids: string[] = [];
    for (const email of ['ana@example.org', 'bo@example.org']) {
      const args = ['users', 'add', '--email', email, '--role', 'editor', '--password', PASSWORD];
      ids.push((await siftJson<Account>(args, dataDir)).id);
    }
    return { dataDir, ids };
  }

  it('adds a group with its members, lists it by their emails, and deletes it by name', async () => {
    const { dataDir, ids } = await withTwoAccounts();

    const group = await siftJson<Group>(
      ['groups', 'add', 'Research', '--member', 'ana@example.org', '--member', 'BO@example.org'],
      dataDir,
    );

    expect(group.name).toBe('Research');
    expect([...group.memberIds].sort()).toEqual([...ids].sort());
    const listed = await runSift(['groups', 'list'], dataDir);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^Research\s+(ana@example\.org, bo@example\.org|bo@example\.org, ana@example\.org)\s/mu,
    );
    // Names are unique regardless of case, and found so.
    const deleted = await runSift(['groups', 'delete', 'research'], dataDir);
    expect(deleted).toMatchObject({ code: 0, stdout: 'Deleted group Research.\n' });
    expect(await siftJson<Group[]>(['groups', 'list'], dataDir)).toEqual([]);
    expect((await runSift(['groups', 'list'], dataDir)).stdout).toBe('No groups.\n');
  });

  it('refuses a taken name, an unknown member (creating nothing) and an unknown group, each with its code', async () => {
    const { dataDir } = await withTwoAccounts();
    expect((await runSift(['groups', 'add', 'Team'], dataDir)).code).toBe(0);

    const taken = await runSift(['groups', 'add', 'TEAM'], dataDir);
    const unknownMember = await runSift(
      ['groups', 'add', 'Other', '--member', 'ana@example.org', '--member', 'nobody@example.org'],
      dataDir,
    );
    const unknownGroup = await runSift(['groups', 'delete', 'Nope'], dataDir);
    const emptyName = await runSift(['groups', 'add', '  '], dataDir);

    expect([taken.code, errorCode(taken)]).toEqual([2, 'GROUP_NAME_TAKEN']);
    expect([unknownMember.code, errorCode(unknownMember)]).toEqual([2, 'USER_NOT_FOUND']);
    expect([unknownGroup.code, errorCode(unknownGroup)]).toEqual([2, 'GROUP_NOT_FOUND']);
    expect([emptyName.code, errorCode(emptyName)]).toEqual([2, 'GROUP_NAME_INVALID']);
    const names = (await siftJson<Group[]>(['groups', 'list'], dataDir)).map((g) => g.name);
    expect(names).toEqual(['Team']);
  });
});
