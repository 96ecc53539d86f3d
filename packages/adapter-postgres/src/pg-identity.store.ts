import type { IdentityStore } from '@sift/core';
import { PgApiKeyRepository, PgShareRepository } from './pg-access.repository.js';
import { PgAccountRepository } from './pg-account.repository.js';
import { PgAuditRepository } from './pg-audit.repository.js';
import type { PgPool } from './pg-database.js';
import { PgGroupRepository } from './pg-group.repository.js';
import { PgSessionRepository } from './pg-session.repository.js';

/** Accounts, groups, shares, API keys, sessions and the audit trail on PostgreSQL (migration 002). */
export class PgIdentityStore implements IdentityStore {
  readonly accounts: PgAccountRepository;
  readonly groups: PgGroupRepository;
  readonly shares: PgShareRepository;
  readonly apiKeys: PgApiKeyRepository;
  readonly sessions: PgSessionRepository;
  readonly audit: PgAuditRepository;

  constructor(pool: PgPool) {
    this.accounts = new PgAccountRepository(pool);
    this.groups = new PgGroupRepository(pool);
    this.shares = new PgShareRepository(pool);
    this.apiKeys = new PgApiKeyRepository(pool);
    this.sessions = new PgSessionRepository(pool);
    this.audit = new PgAuditRepository(pool);
  }
}
