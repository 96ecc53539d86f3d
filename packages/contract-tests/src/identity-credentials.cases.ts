import { afterEach, expect, it, vi } from 'vitest';
import type { IdentityStoreHandle } from './identity-store.fixture.js';

const T0 = Date.parse('2025-04-01T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function clockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
}

/** API keys: stored by hash, listed per account, revoked once, touched on use, gone with the account. */
export function apiKeyCases(h: () => IdentityStoreHandle): void {
  const keys = () => h().identity.apiKeys;
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates a key and finds it by id and by hash', async () => {
    clockAt(T0);
    await h().addUser('u1');
    const key = await keys().create({
      id: 'key-1',
      userId: 'u1',
      name: 'CI upload',
      prefix: 'sift_ab12cd34',
      scopes: ['read', 'write'],
      collectionIds: ['c1', 'c2'],
      rateLimitPerMinute: 60,
      expiresAt: '2030-01-01T00:00:00.000Z',
      hash: 'hash-1',
    });
    expect(key).toEqual({
      id: 'key-1',
      userId: 'u1',
      name: 'CI upload',
      prefix: 'sift_ab12cd34',
      scopes: ['read', 'write'],
      collectionIds: ['c1', 'c2'],
      rateLimitPerMinute: 60,
      expiresAt: '2030-01-01T00:00:00.000Z',
      revokedAt: null,
      lastUsedAt: null,
      lastUsedIp: null,
      createdAt: iso(T0),
    });
    expect(await keys().get('key-1')).toEqual(key);
    expect(await keys().getByHash('hash-1')).toEqual(key);
    const open = await keys().create({
      id: 'key-2',
      userId: 'u1',
      name: 'read all',
      prefix: 'sift_ef56',
      scopes: ['read'],
      collectionIds: null,
      rateLimitPerMinute: null,
      expiresAt: null,
      hash: 'hash-2',
    });
    expect(open).toMatchObject({
      collectionIds: null,
      rateLimitPerMinute: null,
      expiresAt: null,
      scopes: ['read'],
    });
    expect(await keys().get('no-such-key')).toBeNull();
    expect(await keys().getByHash('no-such-hash')).toBeNull();
  });

  it('lists the keys of one account, or of everyone, oldest first', async () => {
    clockAt(T0);
    await h().addUser('u1');
    await h().addUser('u2');
    const make = (id: string, userId: string) =>
      keys().create({
        id,
        userId,
        name: id,
        prefix: `sift_${id}`,
        scopes: ['read'],
        collectionIds: null,
        rateLimitPerMinute: null,
        expiresAt: null,
        hash: `hash-${id}`,
      });
    await make('k3', 'u1');
    vi.setSystemTime(T0 + 10);
    await make('k1', 'u2');
    vi.setSystemTime(T0 + 20);
    await make('k2', 'u1');
    expect((await keys().list('u1')).map((k) => k.id)).toEqual(['k3', 'k2']);
    expect((await keys().list('u2')).map((k) => k.id)).toEqual(['k1']);
    expect((await keys().list()).map((k) => k.id)).toEqual(['k3', 'k1', 'k2']);
    expect(await keys().list('nobody')).toEqual([]);
  });

  it('revokes a key once, keeping the first revocation time, and records its last use', async () => {
    await h().addUser('u1');
    await keys().create({
      id: 'key-1',
      userId: 'u1',
      name: 'k',
      prefix: 'sift_k',
      scopes: ['read'],
      collectionIds: null,
      rateLimitPerMinute: null,
      expiresAt: null,
      hash: 'hash-1',
    });
    await keys().touch('key-1', '2025-04-01T09:00:00.000Z', '10.0.0.7');
    expect(await keys().get('key-1')).toMatchObject({
      lastUsedAt: '2025-04-01T09:00:00.000Z',
      lastUsedIp: '10.0.0.7',
    });
    await keys().touch('key-1', '2025-04-01T09:05:00.000Z', null);
    expect(await keys().get('key-1')).toMatchObject({
      lastUsedAt: '2025-04-01T09:05:00.000Z',
      lastUsedIp: null,
    });
    const revoked = await keys().revoke('key-1', '2025-04-02T00:00:00.000Z');
    expect(revoked).toMatchObject({ id: 'key-1', revokedAt: '2025-04-02T00:00:00.000Z' });
    expect((await keys().revoke('key-1', '2025-04-03T00:00:00.000Z'))!.revokedAt).toBe(
      '2025-04-02T00:00:00.000Z',
    );
    expect((await keys().getByHash('hash-1'))!.revokedAt).toBe('2025-04-02T00:00:00.000Z');
    expect(await keys().revoke('no-such-key', '2025-04-02T00:00:00.000Z')).toBeNull();
    await keys().touch('no-such-key', '2025-04-02T00:00:00.000Z', null);
  });

  it('deletes the keys of a deleted account', async () => {
    await h().addUser('u1');
    await keys().create({
      id: 'key-1',
      userId: 'u1',
      name: 'k',
      prefix: 'sift_k',
      scopes: ['read'],
      collectionIds: null,
      rateLimitPerMinute: null,
      expiresAt: null,
      hash: 'hash-1',
    });
    await h().deleteUser('u1');
    expect(await keys().get('key-1')).toBeNull();
    expect(await keys().getByHash('hash-1')).toBeNull();
    expect(await keys().list()).toEqual([]);
  });
}

/** refresh-token sessions: by hash, rotated once, revoked by family or account, gone with the account. */
export function sessionCases(h: () => IdentityStoreHandle): void {
  const sessions = () => h().identity.sessions;
  const NOW = '2025-04-01T08:00:00.000Z';
  const LATER = '2025-05-01T00:00:00.000Z';
  const token = (userId: string, familyId: string, hash: string, expiresAt = LATER) =>
    sessions().create({ userId, familyId, hash, expiresAt });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stores a refresh token by its hash', async () => {
    clockAt(T0);
    await h().addUser('u1');
    const created = await token('u1', 'f1', 'hash-1');
    expect(created).toEqual({
      id: expect.any(String),
      userId: 'u1',
      familyId: 'f1',
      expiresAt: LATER,
      rotatedAt: null,
      revokedAt: null,
      createdAt: iso(T0),
    });
    expect(await sessions().getByHash('hash-1')).toEqual(created);
    expect(await sessions().getByHash('no-such-hash')).toBeNull();
  });

  it('rotates a token once: a second use, or a use after revocation, is refused', async () => {
    await h().addUser('u1');
    const first = await token('u1', 'f1', 'hash-1');
    const second = await token('u1', 'f1', 'hash-2');
    expect(await sessions().markRotated(first.id, NOW)).toBe(true);
    expect(await sessions().markRotated(first.id, LATER)).toBe(false);
    expect((await sessions().getByHash('hash-1'))!.rotatedAt).toBe(NOW);
    await sessions().revokeFamily('f1', NOW);
    expect(await sessions().markRotated(second.id, NOW)).toBe(false);
    expect(await sessions().markRotated('no-such-token', NOW)).toBe(false);
  });

  it('revokes a family once, and tells whether a sign-in still stands', async () => {
    await h().addUser('u1');
    await token('u1', 'f1', 'hash-1');
    await token('u1', 'f1', 'hash-2');
    await token('u1', 'f2', 'hash-3', '2025-04-01T07:00:00.000Z');
    expect(await sessions().familyActive('f1', NOW)).toBe(true);
    // Expired at NOW: the sign-in is over even though nothing revoked it.
    expect(await sessions().familyActive('f2', NOW)).toBe(false);
    expect(await sessions().familyActive('f2', '2025-04-01T06:00:00.000Z')).toBe(true);
    expect(await sessions().familyActive('no-such-family', NOW)).toBe(false);
    expect(await sessions().revokeFamily('f1', NOW)).toBe(2);
    expect(await sessions().revokeFamily('f1', LATER)).toBe(0);
    expect(await sessions().familyActive('f1', NOW)).toBe(false);
    expect((await sessions().getByHash('hash-2'))!.revokedAt).toBe(NOW);
  });

  it('revokes every session of an account except the one it keeps', async () => {
    await h().addUser('u1');
    await h().addUser('u2');
    await token('u1', 'f1', 'hash-1');
    await token('u1', 'f2', 'hash-2');
    await token('u1', 'f3', 'hash-3');
    await token('u2', 'f4', 'hash-4');
    expect(await sessions().revokeUser('u1', NOW, 'f2')).toBe(2);
    expect(await sessions().familyActive('f1', NOW)).toBe(false);
    expect(await sessions().familyActive('f2', NOW)).toBe(true);
    expect(await sessions().familyActive('f3', NOW)).toBe(false);
    expect(await sessions().familyActive('f4', NOW)).toBe(true);
    expect(await sessions().revokeUser('u1', NOW)).toBe(1);
    expect(await sessions().familyActive('f2', NOW)).toBe(false);
    expect(await sessions().revokeUser('u1', NOW)).toBe(0);
  });

  it('deletes the tokens of a deleted account', async () => {
    await h().addUser('u1');
    await token('u1', 'f1', 'hash-1');
    await h().deleteUser('u1');
    expect(await sessions().getByHash('hash-1')).toBeNull();
    expect(await sessions().familyActive('f1', NOW)).toBe(false);
  });
}
