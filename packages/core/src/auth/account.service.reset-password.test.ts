import { describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../ports/credentials.port.js';
import type { IdentityStore } from '../ports/identity-repository.port.js';
import { Access } from './access.js';
import { AccountService } from './account.service.js';
import { AuditService } from './audit.service.js';
import type { Account, AuditRecord } from './auth.types.js';

const USER_ID = 'u-1';
const ADMIN_ID = 'admin-1';

/** Just the parts of an identity store that a password reset touches, recording what happened. */
function fakeStore() {
  const account: Account = {
    id: USER_ID,
    email: 'ana@example.org',
    displayName: 'Ana',
    role: 'editor',
    isActive: true,
    hasPassword: true,
    externalId: null,
    lastLoginAt: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
  const state = { hash: 'hashed:old password 123', revokedFor: [] as string[], audit: [] as AuditRecord[] };
  const store = {
    accounts: {
      get: async (id: string) => (id === USER_ID ? account : null),
      update: async (id: string, patch: { passwordHash?: string | null }) => {
        if (id !== USER_ID) return null;
        if (patch.passwordHash !== undefined) state.hash = patch.passwordHash ?? '';
        return account;
      },
    },
    sessions: {
      revokeUser: async (userId: string) => {
        state.revokedFor.push(userId);
        return 1;
      },
    },
    audit: {
      append: async (record: Omit<AuditRecord, 'id' | 'at'>) => {
        const stored = { ...record, id: String(state.audit.length + 1), at: new Date().toISOString() };
        state.audit.push(stored);
        return stored;
      },
    },
  } as unknown as IdentityStore;
  const hasher: PasswordHasher = {
    hash: async (password) => `hashed:${password}`,
    verify: async (hash, password) => hash === `hashed:${password}`,
  };
  const service = new AccountService(store, hasher, new AuditService(store.audit));
  return { service, state };
}

const admin = Access.operator(ADMIN_ID);
const editor = Access.of(
  { kind: 'user', userId: 'someone', role: 'editor', scopes: ['read', 'write'] },
  new Map(),
);

describe('AccountService.resetPassword', () => {
  it('sets the new password, ends every sign-in of the account and audits it without the secret', async () => {
    const { service, state } = fakeStore();

    const account = await service.resetPassword(admin, USER_ID, 'a brand new passphrase');

    expect(account.id).toBe(USER_ID);
    expect(state.hash).toBe('hashed:a brand new passphrase');
    expect(state.revokedFor).toEqual([USER_ID]);
    expect(state.audit).toHaveLength(1);
    expect(state.audit[0]).toMatchObject({
      actorUserId: ADMIN_ID,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: USER_ID,
      outcome: 'success',
    });
    expect(JSON.stringify(state.audit)).not.toContain('brand new');
  });

  it('refuses a password the policy refuses, changing nothing', async () => {
    const { service, state } = fakeStore();

    await expect(service.resetPassword(admin, USER_ID, 'short')).rejects.toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
    });
    await expect(service.resetPassword(admin, USER_ID, 'ana@example.org')).rejects.toMatchObject({
      code: 'PASSWORD_TOO_COMMON',
    });
    expect(state.hash).toBe('hashed:old password 123');
    expect(state.revokedFor).toEqual([]);
    expect(state.audit).toEqual([]);
  });

  it('is for admins only: anyone else gets FORBIDDEN', async () => {
    const { service, state } = fakeStore();

    await expect(service.resetPassword(editor, USER_ID, 'a brand new passphrase')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(state.hash).toBe('hashed:old password 123');
  });

  it('answers USER_NOT_FOUND for an unknown account', async () => {
    const { service } = fakeStore();

    await expect(service.resetPassword(admin, 'nobody', 'a brand new passphrase')).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
  });
});
