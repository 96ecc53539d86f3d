import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { IdentityStore } from '../ports/identity-repository.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { Access } from './access.js';
import { API_KEY_PREFIX, sha256 } from './auth.service.js';
import { ROLE_SCOPES, SCOPES, type ApiKeyRecord, type RequestOrigin, type Scope } from './auth.types.js';
import type { AuditService } from './audit.service.js';

/** What a new key may do. */
export interface NewApiKey {
  name: string;
  scopes: Scope[];
  /** Only these collections (each must be reachable by the key's owner), or null for everything it reaches. */
  collectionIds?: string[] | null;
  expiresAt?: string | null;
  rateLimitPerMinute?: number | null;
  /** Admins may create keys for someone else. */
  userId?: string;
}

const NONE: RequestOrigin = { ip: null, userAgent: null, requestId: null };

/**
 * API keys: a user creates them for themself (admins for anyone) with scopes no wider than the owner's role,
 * an optional collection restriction, expiry and rate limit. The secret is shown once; only its hash and a
 * visible prefix are kept.
 */
export class ApiKeyService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly audit: AuditService,
  ) {}

  private get identity(): IdentityStore {
    return this.metadata.identity;
  }

  async create(
    access: Access,
    input: NewApiKey,
    origin: RequestOrigin = NONE,
  ): Promise<{ record: ApiKeyRecord; key: string }> {
    // A key never outlives its maker's own reach: one made with a key is bounded by that key.
    if (access.principal.kind === 'api_key' && !access.isAdmin) {
      throw new AppError('FORBIDDEN', 'forbidden', 'API keys are created by signed-in users');
    }
    const userId = input.userId ?? access.userId;
    if (userId !== access.userId) access.requireAdmin();
    const owner = await this.identity.accounts.get(userId);
    if (!owner)
      throw new AppError('USER_NOT_FOUND', 'not_found', `user ${userId} does not exist`, {
        details: { id: userId },
      });
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100)
      throw new AppError('API_KEY_INVALID_NAME', 'user', 'a key name has 1 to 100 characters');
    const scopes = [...new Set(input.scopes)];
    if (scopes.length === 0 || scopes.some((s) => !SCOPES.includes(s))) {
      throw new AppError('API_KEY_INVALID_SCOPES', 'user', `scopes are one or more of ${SCOPES.join(', ')}`);
    }
    const wider = scopes.filter((s) => !ROLE_SCOPES[owner.role].includes(s));
    if (wider.length) {
      throw new AppError(
        'API_KEY_SCOPE_EXCEEDS_ROLE',
        'forbidden',
        `a ${owner.role} cannot hold a key with ${wider.join(', ')}`,
        {
          details: { role: owner.role, scopes: wider },
        },
      );
    }
    const collectionIds = input.collectionIds ?? null;
    for (const id of collectionIds ?? []) {
      const collection = await this.metadata.collections.get(id);
      // The owner's reach is what counts; an admin making a key for someone must not widen it.
      if (!collection || (owner.id === access.userId && !access.canReadCollection(collection))) {
        throw new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection ${id} does not exist`, {
          details: { collectionId: id },
        });
      }
    }
    if (input.expiresAt && Number.isNaN(Date.parse(input.expiresAt))) {
      throw new AppError('API_KEY_INVALID_EXPIRY', 'user', 'expires_at is an ISO-8601 time');
    }
    if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) {
      throw new AppError('API_KEY_INVALID_EXPIRY', 'user', 'expires_at is in the past');
    }
    const visible = randomBytes(6).toString('base64url').replace(/[-_]/gu, 'x').slice(0, 8);
    const key = `${API_KEY_PREFIX}${visible}_${randomBytes(32).toString('base64url')}`;
    const record = await this.identity.apiKeys.create({
      id: randomUUID(),
      userId,
      name,
      prefix: `${API_KEY_PREFIX}${visible}`,
      scopes,
      collectionIds,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      hash: sha256(key),
    });
    await this.audit.record(access, origin, {
      action: 'api_key.create',
      entityType: 'api_key',
      entityId: record.id,
      after: { name, userId, scopes, collectionIds, expiresAt: record.expiresAt },
    });
    return { record, key };
  }

  /** One's own keys; admins may list anyone's (`userId`) or all (`all`). */
  async list(access: Access, options: { userId?: string; all?: boolean } = {}): Promise<ApiKeyRecord[]> {
    if (options.all || (options.userId && options.userId !== access.userId)) {
      access.requireAdmin();
      return this.identity.apiKeys.list(options.all ? undefined : options.userId);
    }
    return this.identity.apiKeys.list(access.userId);
  }

  async revoke(access: Access, id: string, origin: RequestOrigin = NONE): Promise<ApiKeyRecord> {
    const record = await this.identity.apiKeys.get(id);
    if (!record || (record.userId !== access.userId && !access.isAdmin)) {
      throw new AppError('API_KEY_NOT_FOUND', 'not_found', `API key ${id} does not exist`, {
        details: { id },
      });
    }
    const revoked = (await this.identity.apiKeys.revoke(id, new Date().toISOString()))!;
    await this.audit.record(access, origin, {
      action: 'api_key.revoke',
      entityType: 'api_key',
      entityId: id,
    });
    return revoked;
  }
}
