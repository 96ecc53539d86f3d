import { expect, it } from 'vitest';
import type { IdentityStoreHandle } from './identity-store.fixture.js';

const sorted = (values: readonly string[]) => [...values].sort();

/** groups: names, members, and what goes with a deleted group or account. */
export function groupCases(h: () => IdentityStoreHandle): void {
  const groups = () => h().identity.groups;

  it('creates groups, lists them by name whatever its case, and refuses a name taken in any case', async () => {
    const beta = await groups().create('beta');
    await groups().create('Alpha');
    await groups().create('gamma');
    expect(beta).toEqual({
      id: expect.any(String),
      name: 'beta',
      memberIds: [],
      createdAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(beta.createdAt))).toBe(false);
    expect(await groups().get(beta.id)).toEqual(beta);
    expect(await groups().get('no-such-group')).toBeNull();
    expect((await groups().list()).map((g) => g.name)).toEqual(['Alpha', 'beta', 'gamma']);
    await expect(groups().create('ALPHA')).rejects.toMatchObject({
      code: 'GROUP_NAME_TAKEN',
      category: 'conflict',
      details: { name: 'ALPHA' },
    });
    expect(await groups().list()).toHaveLength(3);
  });

  it('renames a group, refusing a name another group has', async () => {
    const beta = await groups().create('beta');
    await groups().create('alpha');
    expect(await groups().rename(beta.id, 'Beta')).toMatchObject({ id: beta.id, name: 'Beta' });
    await expect(groups().rename(beta.id, 'ALPHA')).rejects.toMatchObject({
      code: 'GROUP_NAME_TAKEN',
      category: 'conflict',
      details: { name: 'ALPHA' },
    });
    expect((await groups().get(beta.id))!.name).toBe('Beta');
    expect(await groups().rename('no-such-group', 'x')).toBeNull();
  });

  it('replaces the members of a group, ignoring repeats, and tells the groups of an account', async () => {
    for (const id of ['u1', 'u2', 'u3']) await h().addUser(id);
    const team = await groups().create('team');
    const other = await groups().create('other');
    expect((await groups().setMembers(team.id, ['u2', 'u1', 'u1']))!.memberIds).toEqual(['u1', 'u2']);
    expect((await groups().get(team.id))!.memberIds).toEqual(['u1', 'u2']);
    expect((await groups().setMembers(team.id, ['u3']))!.memberIds).toEqual(['u3']);
    await groups().setMembers(other.id, ['u3', 'u2']);
    expect(sorted(await groups().groupsOf('u3'))).toEqual(sorted([team.id, other.id]));
    expect(await groups().groupsOf('u2')).toEqual([other.id]);
    expect(await groups().groupsOf('u1')).toEqual([]);
    expect((await groups().list()).map((g) => [g.name, g.memberIds])).toEqual([
      ['other', ['u2', 'u3']],
      ['team', ['u3']],
    ]);
    expect((await groups().setMembers(team.id, []))!.memberIds).toEqual([]);
    expect(await groups().setMembers('no-such-group', ['u1'])).toBeNull();
  });

  it('refuses an unknown member and leaves the members as they were', async () => {
    await h().addUser('u1');
    await h().addUser('u2');
    const team = await groups().create('team');
    await groups().setMembers(team.id, ['u1']);
    await expect(groups().setMembers(team.id, ['u2', 'ghost'])).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
      category: 'not_found',
    });
    expect((await groups().get(team.id))!.memberIds).toEqual(['u1']);
  });

  it('deletes a group once, and a deleted account leaves its groups', async () => {
    await h().addUser('u1');
    await h().addUser('u2');
    const team = await groups().create('team');
    await groups().setMembers(team.id, ['u1', 'u2']);
    await h().deleteUser('u1');
    expect((await groups().get(team.id))!.memberIds).toEqual(['u2']);
    expect(await groups().groupsOf('u1')).toEqual([]);
    expect(await groups().delete(team.id)).toBe(true);
    expect(await groups().delete(team.id)).toBe(false);
    expect(await groups().get(team.id)).toBeNull();
    expect(await groups().groupsOf('u2')).toEqual([]);
  });
}

/** collection shares: with users and groups, the strongest role winning, gone with what they name. */
export function shareCases(h: () => IdentityStoreHandle): void {
  const shares = () => h().identity.shares;
  const byCollection = (list: { collectionId: string; role: string }[]) =>
    [...list].sort((a, b) => a.collectionId.localeCompare(b.collectionId));

  it("shares a collection with users and groups, and changes a share's role in place", async () => {
    await h().addUser('owner');
    await h().addUser('u1');
    await h().addCollection('c1', 'owner');
    const team = await h().identity.groups.create('team');
    const viewer = await shares().put({
      collectionId: 'c1',
      principalType: 'user',
      principalId: 'u1',
      role: 'viewer',
    });
    expect(viewer).toEqual({
      collectionId: 'c1',
      principalType: 'user',
      principalId: 'u1',
      role: 'viewer',
      createdAt: expect.any(String),
    });
    const group = await shares().put({
      collectionId: 'c1',
      principalType: 'group',
      principalId: team.id,
      role: 'editor',
    });
    const promoted = await shares().put({
      collectionId: 'c1',
      principalType: 'user',
      principalId: 'u1',
      role: 'editor',
    });
    expect(promoted).toEqual({ ...viewer, role: 'editor' });
    // Groups before users, then by id.
    expect(await shares().list('c1')).toEqual([group, promoted]);
    expect(await shares().list('no-such-collection')).toEqual([]);
  });

  it('deletes a share once', async () => {
    await h().addUser('owner');
    await h().addUser('u1');
    await h().addCollection('c1', 'owner');
    await shares().put({ collectionId: 'c1', principalType: 'user', principalId: 'u1', role: 'viewer' });
    expect(await shares().delete('c1', 'group', 'u1')).toBe(false);
    expect(await shares().delete('c1', 'user', 'u1')).toBe(true);
    expect(await shares().delete('c1', 'user', 'u1')).toBe(false);
    expect(await shares().list('c1')).toEqual([]);
  });

  it('resolves the collections shared with an account directly or through its groups, the strongest role winning', async () => {
    for (const id of ['owner', 'u1', 'u2']) await h().addUser(id);
    for (const id of ['c1', 'c2', 'c3', 'c4']) await h().addCollection(id, 'owner');
    const g1 = await h().identity.groups.create('g1');
    const g2 = await h().identity.groups.create('g2');
    await shares().put({ collectionId: 'c1', principalType: 'user', principalId: 'u1', role: 'viewer' });
    await shares().put({ collectionId: 'c1', principalType: 'group', principalId: g1.id, role: 'editor' });
    await shares().put({ collectionId: 'c2', principalType: 'group', principalId: g2.id, role: 'viewer' });
    await shares().put({ collectionId: 'c3', principalType: 'user', principalId: 'u1', role: 'editor' });
    await shares().put({ collectionId: 'c3', principalType: 'group', principalId: g1.id, role: 'viewer' });
    await shares().put({ collectionId: 'c4', principalType: 'user', principalId: 'u2', role: 'editor' });
    expect(byCollection(await shares().sharedWith('u1', [g1.id, g2.id]))).toEqual([
      { collectionId: 'c1', role: 'editor' },
      { collectionId: 'c2', role: 'viewer' },
      { collectionId: 'c3', role: 'editor' },
    ]);
    expect(byCollection(await shares().sharedWith('u1', []))).toEqual([
      { collectionId: 'c1', role: 'viewer' },
      { collectionId: 'c3', role: 'editor' },
    ]);
    // A group id is only ever read as a group: u2 shares nothing with a group named like it.
    expect(byCollection(await shares().sharedWith('nobody', [g2.id]))).toEqual([
      { collectionId: 'c2', role: 'viewer' },
    ]);
    expect(await shares().sharedWith('nobody', ['u2'])).toEqual([]);
  });

  it('drops the shares of a deleted collection, account or group', async () => {
    for (const id of ['owner', 'u1', 'u2']) await h().addUser(id);
    await h().addCollection('c1', 'owner');
    await h().addCollection('c2', 'owner');
    const team = await h().identity.groups.create('team');
    await shares().put({ collectionId: 'c1', principalType: 'user', principalId: 'u1', role: 'viewer' });
    await shares().put({ collectionId: 'c1', principalType: 'user', principalId: 'u2', role: 'viewer' });
    await shares().put({ collectionId: 'c1', principalType: 'group', principalId: team.id, role: 'editor' });
    await shares().put({ collectionId: 'c2', principalType: 'user', principalId: 'u1', role: 'editor' });
    await h().deleteUser('u1');
    expect((await shares().list('c1')).map((s) => s.principalId)).toEqual([team.id, 'u2']);
    expect(await shares().list('c2')).toEqual([]);
    await h().identity.groups.delete(team.id);
    expect((await shares().list('c1')).map((s) => s.principalId)).toEqual(['u2']);
    await h().deleteCollection('c1');
    expect(await shares().list('c1')).toEqual([]);
    expect(await shares().sharedWith('u2', [])).toEqual([]);
  });
}
