/**
 * Roles of accounts: `admin` — everything, user and key management, every collection; `editor` — creates
 * collections, uploads, edits and deletes what it owns or what is shared with it as editor; `viewer` — reads,
 * searches and asks within what is shared with it, uploads nothing.
 */
export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What a credential may do: `read` (see, search, ask), `write` (change), `admin` (accounts, keys of others). */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes a role grants (a key's scopes are cut down to its owner's). */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  admin: ['read', 'write', 'admin'],
  editor: ['read', 'write'],
  viewer: ['read'],
};

/** Levels of a collection share. */
export const SHARE_ROLES = ['viewer', 'editor'] as const;
export type ShareRole = (typeof SHARE_ROLES)[number];

/**
 * Who is acting: a signed-in user, an API key of a user, or the operator of the machine (the CLI acting on the
 * data dir, and a server started with auth off on loopback). Travels from the entry point into core's services,
 * which decide with it; adapters receive only the filters derived from it.
 */
export interface Principal {
  kind: 'user' | 'api_key' | 'operator';
  /** The account acting (for the operator: the account its work is owned by). */
  userId: string;
  role: Role;
  /** Effective scopes: the role's, cut down to an API key's own. */
  scopes: readonly Scope[];
  /** Set for API keys. */
  keyId?: string;
  /** An API key restricted to these collections sees only their documents. */
  collectionIds?: readonly string[] | null;
}

/** A person's account. */
export interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  isActive: boolean;
  /** Whether the account can sign in with a password (an OpenID-only account cannot). */
  hasPassword: boolean;
  /** `issuer|subject` of an OpenID Connect identity linked to the account. */
  externalId: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Group {
  id: string;
  name: string;
  memberIds: string[];
  createdAt: string;
}

export interface CollectionShare {
  collectionId: string;
  principalType: 'user' | 'group';
  principalId: string;
  role: ShareRole;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  /** The visible start of the key, e.g. `sift_ab12cd34`: tells keys apart without the secret. */
  prefix: string;
  scopes: Scope[];
  /** Restriction to these collections, or null for all the owner may reach. */
  collectionIds: string[] | null;
  /** Requests per minute, or null for the server default. */
  rateLimitPerMinute: number | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  createdAt: string;
}

/** A refresh token as stored: only its hash; tokens of one sign-in share a family. */
export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: string;
  /** Set when it was exchanged for a newer one; presenting it again is reuse (theft): the family is revoked. */
  rotatedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** One line of the audit trail. */
export interface AuditRecord {
  id: string;
  at: string;
  /** The acting account (null: anonymous or the system). */
  actorUserId: string | null;
  actorKeyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** Fields changed, before and after, secrets redacted. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** Where a request came from, for audit and throttling. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}
