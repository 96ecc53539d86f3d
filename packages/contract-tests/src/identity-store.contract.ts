import { describe } from 'vitest';
import { accountCases } from './identity-accounts.cases.js';
import { auditCases } from './identity-audit.cases.js';
import { groupCases, shareCases } from './identity-groups.cases.js';
import { apiKeyCases, sessionCases } from './identity-credentials.cases.js';
import { freshHandlePerTest, type IdentityStoreFactory } from './identity-store.fixture.js';

/**
 * The behaviour every IdentityStore adapter must have — accounts, groups, collection shares, API keys,
 * refresh-token sessions and the audit trail — as one vitest suite. Each test gets a fresh, migrated, empty
 * store from `factory` and cleans it up afterwards:
 *
 * ```ts
 * describeIdentityStore('sqlite', async () => ({ identity: store.identity, addUser, deleteUser, addCollection, deleteCollection, cleanup }));
 * ```
 */
export function describeIdentityStore(name: string, factory: IdentityStoreFactory): void {
  describe(`IdentityStore contract: ${name}`, () => {
    const handle = freshHandlePerTest(factory);
    describe('accounts', () => accountCases(handle));
    describe('groups', () => groupCases(handle));
    describe('collection shares', () => shareCases(handle));
    describe('API keys', () => apiKeyCases(handle));
    describe('sessions', () => sessionCases(handle));
    describe('audit trail', () => auditCases(handle));
  });
}
