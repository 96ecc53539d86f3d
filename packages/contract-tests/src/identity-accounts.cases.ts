import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, expect, it, vi } from 'vitest';
import type { IdentityStoreHandle } from './identity-store.fixture.js';

const T0 = Date.parse('2025-04-01T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Fakes only Date (drivers keep their real timers) and sets it to `ms`. */
function clockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
}

/** accounts: create, look up, list, update, the counts first-run setup reads, and the first-admin claim. */
export function accountCases(h: () => IdentityStoreHandle): void {
  const accounts = () => h().identity.accounts;
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates an account and finds it by id, by email whatever its case, and by linked identity', async () => {
    clockAt(T0);
    const created = await accounts().create({
      email: 'Ana@Example.org',
      displayName: 'Ana',
      role: 'editor',
      passwordHash: '$argon2id$ana',
      externalId: 'https://idp.example|ana',
    });
    expect(created).toEqual({
      id: expect.any(String),
      email: 'Ana@Example.org',
      displayName: 'Ana',
      role: 'editor',
      isActive: true,
      hasPassword: true,
      externalId: 'https://idp.example|ana',
      lastLoginAt: null,
      createdAt: iso(T0),
      updatedAt: iso(T0),
    });
    expect(await accounts().get(created.id)).toEqual(created);
    expect(await accounts().getByEmail('ana@example.org')).toEqual(created);
    expect(await accounts().getByEmail('ANA@EXAMPLE.ORG')).toEqual(created);
    expect(await accounts().getByExternalId('https://idp.example|ana')).toEqual(created);
    expect(await accounts().passwordHash(created.id)).toBe('$argon2id$ana');

    const openId = await accounts().create({
      id: 'chosen-id',
      email: 'sso@example.org',
      displayName: 'SSO only',
      role: 'viewer',
      passwordHash: null,
    });
    expect(openId).toMatchObject({ id: 'chosen-id', role: 'viewer', hasPassword: false, externalId: null });
    expect(await accounts().passwordHash('chosen-id')).toBeNull();

    expect(await accounts().get('no-such-account')).toBeNull();
    expect(await accounts().getByEmail('nobody@example.org')).toBeNull();
    expect(await accounts().getByExternalId('https://idp.example|nobody')).toBeNull();
    expect(await accounts().passwordHash('no-such-account')).toBeNull();
  });

  it('refuses a second account with the same email, whatever its case, on create and on update', async () => {
    const ana = await accounts().create({
      email: 'ana@example.org',
      displayName: 'Ana',
      role: 'editor',
      passwordHash: 'h',
    });
    await expect(
      accounts().create({
        email: 'ANA@example.org',
        displayName: 'Copy',
        role: 'viewer',
        passwordHash: null,
      }),
    ).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
      category: 'conflict',
      details: { email: 'ANA@example.org' },
    });
    const ben = await accounts().create({
      email: 'ben@example.org',
      displayName: 'Ben',
      role: 'viewer',
      passwordHash: null,
    });
    await expect(accounts().update(ben.id, { email: 'Ana@Example.org' })).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
      category: 'conflict',
    });
    expect((await accounts().get(ben.id))!.email).toBe('ben@example.org');
    expect((await accounts().list()).items.map((a) => a.id)).toEqual([ana.id, ben.id]);
  });

  it('lists accounts in creation order, a page at a time', async () => {
    const emails = ['e@x.test', 'a@x.test', 'd@x.test', 'b@x.test', 'c@x.test'];
    for (const email of emails) {
      await accounts().create({ email, displayName: email, role: 'editor', passwordHash: null });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await accounts().list({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.email));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(emails);
    expect(pages).toBe(3);
    expect((await accounts().list()).items.map((a) => a.email)).toEqual(emails);
    await expect(accounts().list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
      category: 'user',
    });
  });

  it('updates the fields of a patch and only those, and reports an unknown account as null', async () => {
    clockAt(T0);
    const ana = await accounts().create({
      email: 'ana@example.org',
      displayName: 'Ana',
      role: 'viewer',
      passwordHash: 'h1',
    });
    vi.setSystemTime(T0 + 1000);
    const updated = await accounts().update(ana.id, {
      displayName: 'Ana B.',
      role: 'admin',
      isActive: false,
      lastLoginAt: '2025-04-01T07:59:00.000Z',
    });
    expect(updated).toEqual({
      ...ana,
      displayName: 'Ana B.',
      role: 'admin',
      isActive: false,
      lastLoginAt: '2025-04-01T07:59:00.000Z',
      updatedAt: iso(T0 + 1000),
    });
    expect(await accounts().get(ana.id)).toEqual(updated);

    const relinked = await accounts().update(ana.id, {
      email: 'ana.b@example.org',
      passwordHash: null,
      externalId: 'issuer|ana',
    });
    expect(relinked).toMatchObject({
      email: 'ana.b@example.org',
      hasPassword: false,
      externalId: 'issuer|ana',
    });
    expect(await accounts().getByEmail('ana@example.org')).toBeNull();
    expect((await accounts().getByEmail('ANA.B@example.org'))?.id).toBe(ana.id);
    expect(await accounts().passwordHash(ana.id)).toBeNull();

    vi.setSystemTime(T0 + 2000);
    expect(await accounts().update(ana.id, {})).toEqual(relinked);
    expect(await accounts().update('no-such-account', { displayName: 'x' })).toBeNull();
    expect(await accounts().update('no-such-account', {})).toBeNull();
  });

  it('counts the active accounts that can sign in, and the active admins among them', async () => {
    const counts = async () => [await accounts().countSignInAccounts(), await accounts().countActiveAdmins()];
    await h().addUser(LOCAL_USER_ID);
    expect(await counts()).toEqual([0, 0]);
    await accounts().create({ email: 'e@x.test', displayName: 'E', role: 'editor', passwordHash: 'h' });
    expect(await counts()).toEqual([1, 0]);
    const sso = await accounts().create({
      email: 'sso@x.test',
      displayName: 'S',
      role: 'admin',
      passwordHash: null,
      externalId: 'issuer|s',
    });
    expect(await counts()).toEqual([2, 1]);
    await accounts().create({ email: 'a@x.test', displayName: 'A', role: 'admin', passwordHash: 'h' });
    expect(await counts()).toEqual([3, 2]);
    await accounts().update(sso.id, { isActive: false });
    expect(await counts()).toEqual([2, 1]);
    // An admin nobody can sign in as does not count.
    await accounts().update(LOCAL_USER_ID, { role: 'admin' });
    expect(await counts()).toEqual([2, 1]);
  });

  it('makes the built-in local user the first admin, keeping its id, and only once', async () => {
    await h().addUser(LOCAL_USER_ID);
    await h().addUser('someone-else');
    const admin = await accounts().claimFirstAdmin({
      localUserId: LOCAL_USER_ID,
      email: 'admin@example.org',
      displayName: 'Admin',
      passwordHash: '$argon2id$admin',
    });
    expect(admin).toMatchObject({
      id: LOCAL_USER_ID,
      email: 'admin@example.org',
      displayName: 'Admin',
      role: 'admin',
      isActive: true,
      hasPassword: true,
      externalId: null,
    });
    expect(await accounts().passwordHash(LOCAL_USER_ID)).toBe('$argon2id$admin');
    expect(await accounts().countActiveAdmins()).toBe(1);
    expect(
      await accounts().claimFirstAdmin({
        localUserId: LOCAL_USER_ID,
        email: 'late@example.org',
        displayName: 'Late',
        passwordHash: 'h',
      }),
    ).toBeNull();
    expect(await accounts().getByEmail('late@example.org')).toBeNull();
  });

  it('creates the first admin when there is no local user, and none once an account can sign in', async () => {
    const admin = await accounts().claimFirstAdmin({
      localUserId: LOCAL_USER_ID,
      email: 'admin@example.org',
      displayName: 'Admin',
      passwordHash: null,
      externalId: 'issuer|admin',
    });
    expect(admin).toMatchObject({ role: 'admin', hasPassword: false, externalId: 'issuer|admin' });
    expect(admin!.id).not.toBe(LOCAL_USER_ID);
    expect(await accounts().get(LOCAL_USER_ID)).toBeNull();
    expect(
      await accounts().claimFirstAdmin({
        localUserId: LOCAL_USER_ID,
        email: 'second@example.org',
        displayName: 'Second',
        passwordHash: 'h',
      }),
    ).toBeNull();
  });

  it('refuses the first-admin claim when an ordinary account can already sign in', async () => {
    await accounts().create({ email: 'e@x.test', displayName: 'E', role: 'editor', passwordHash: 'h' });
    expect(
      await accounts().claimFirstAdmin({
        localUserId: LOCAL_USER_ID,
        email: 'admin@example.org',
        displayName: 'Admin',
        passwordHash: 'h',
      }),
    ).toBeNull();
    expect(await accounts().countActiveAdmins()).toBe(0);
  });

  it('lets exactly one of several racing first-admin claims win', async () => {
    await h().addUser(LOCAL_USER_ID);
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) =>
        accounts().claimFirstAdmin({
          localUserId: LOCAL_USER_ID,
          email: `${name}@example.org`,
          displayName: name,
          passwordHash: `hash-${name}`,
        }),
      ),
    );
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    expect(await accounts().countActiveAdmins()).toBe(1);
    expect(await accounts().countSignInAccounts()).toBe(1);
  });
}
