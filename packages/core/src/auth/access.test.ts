import { describe, expect, it } from 'vitest';
import { Access, type CollectionReach } from './access.js';
import type { Principal } from './auth.types.js';

const user = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  userId: 'me',
  role,
  scopes: role === 'viewer' ? ['read'] : role === 'editor' ? ['read', 'write'] : ['read', 'write', 'admin'],
  ...extra,
});
const reach = new Map<string, CollectionReach>([
  ['mine', 'owner'],
  ['shared-edit', 'editor'],
  ['shared-view', 'viewer'],
]);

describe('Access', () => {
  it('lets an editor read its own, shared and private documents, and write where it owns or edits', () => {
    const a = Access.of(user('editor'), reach);
    expect(a.documentFilter).toEqual({
      ownerId: 'me',
      collectionIds: ['mine', 'shared-edit', 'shared-view'],
    });
    expect(a.canReadDocument({ ownerId: 'someone', collectionId: 'shared-view' })).toBe(true);
    expect(a.canWriteDocument({ ownerId: 'someone', collectionId: 'shared-view' })).toBe(false);
    expect(a.canWriteDocument({ ownerId: 'someone', collectionId: 'shared-edit' })).toBe(true);
    expect(a.canReadDocument({ ownerId: 'someone', collectionId: null })).toBe(false);
    expect(a.canReadDocument({ ownerId: 'me', collectionId: null })).toBe(true);
    expect(a.canManageCollection({ id: 'mine' })).toBe(true);
    expect(a.canManageCollection({ id: 'shared-edit' })).toBe(false);
    expect(a.isAdmin).toBe(false);
  });

  it('keeps a viewer from writing anything, even its own', () => {
    const a = Access.of(user('viewer'), reach);
    expect(a.canWriteDocument({ ownerId: 'me', collectionId: null })).toBe(false);
    expect(a.canWriteCollection({ id: 'mine' })).toBe(false);
    expect(() => a.require('write')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('narrows everything to a key’s collections, and hides tasks and private documents from it', () => {
    const a = Access.of(
      user('editor', { kind: 'api_key', keyId: 'k', collectionIds: ['shared-edit'] }),
      reach,
    );
    expect(a.documentFilter).toEqual({ ownerId: null, collectionIds: ['shared-edit'] });
    expect(a.canReadDocument({ ownerId: 'me', collectionId: null })).toBe(false);
    expect(a.canReadDocument({ ownerId: 'me', collectionId: 'mine' })).toBe(false);
    expect(a.ownsTask({ ownerId: 'me' })).toBe(false);
    expect(a.owns({ ownerId: 'me' })).toBe(true);
  });

  it('gives admins and the operator everything, unless a key restricts them', () => {
    expect(Access.of(user('admin'), new Map()).documentFilter).toBeNull();
    expect(Access.operator('me').isAdmin).toBe(true);
    const key = Access.of(user('admin', { kind: 'api_key', collectionIds: ['x'] }), new Map());
    expect(key.documentFilter).toEqual({ ownerId: null, collectionIds: ['x'] });
    expect(key.isAdmin).toBe(false);
  });
});
