import {
  ROLES,
  SCOPES,
  SHARE_ROLES,
  type Account,
  type ApiKeyRecord,
  type AuditRecord,
  type CollectionShare,
  type Group,
} from '@sift/core';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    display_name: z.string(),
    role: z.enum(ROLES),
    is_active: z.boolean(),
    has_password: z.boolean().describe('False for accounts that sign in only through single sign-on'),
    sso: z.boolean().describe('Linked to an OpenID Connect identity'),
    last_login_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'User' });

export function toUserResponse(a: Account): z.infer<typeof UserSchema> {
  return {
    id: a.id,
    email: a.email,
    display_name: a.displayName,
    role: a.role,
    is_active: a.isActive,
    has_password: a.hasPassword,
    sso: a.externalId !== null,
    last_login_at: a.lastLoginAt,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** A password as sent: capped before anything hashes it. */
const password = z.string().min(1).max(4096);

export const CredentialsSchema = z.object({ email: z.string().min(1).max(320), password });
export const SetupSchema = CredentialsSchema.extend({ display_name: z.string().max(200).optional() });
export const RefreshSchema = z.object({
  refresh_token: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .describe('Omit when the sift_refresh cookie carries it'),
});
export const PasswordChangeSchema = z.object({ current_password: password, new_password: password });
export const PasswordResetSchema = z.object({ new_password: password });

export const SessionSchema = z
  .object({
    user: UserSchema,
    access_token: z.string().describe('Send as `Authorization: Bearer …`; valid 15 minutes'),
    refresh_token: z.string().describe('Exchange at POST /api/v1/auth/refresh; valid 30 days, single use'),
    access_expires_at: timestamp,
    refresh_expires_at: timestamp,
    csrf_token: z.string().describe('For browsers using the cookies: echo it in `x-csrf-token` on changes'),
  })
  .meta({ id: 'Session' });

export const AuthStatusSchema = z.object({
  auth_enabled: z.boolean(),
  setup_required: z.boolean(),
  oidc_enabled: z.boolean(),
  user: UserSchema.nullable(),
});

export const MeSchema = z.object({
  user: UserSchema,
  scopes: z.array(z.enum(SCOPES)),
  via: z.enum(['cookie', 'bearer', 'api_key', 'operator']),
  api_key_id: z.string().nullable(),
  collection_ids: z.array(z.string()).nullable().describe('The API key is restricted to these collections'),
});

export const NewUserSchema = z.object({
  email: z.string().min(1).max(320),
  display_name: z.string().max(200).optional(),
  role: z.enum(ROLES),
  password: password.nullable().describe('Null: the account signs in only through single sign-on'),
});
export const UserPatchSchema = z.object({
  display_name: z.string().max(200).optional(),
  role: z.enum(ROLES).optional(),
  is_active: z.boolean().optional(),
});
export const IdParamsSchema = z.object({ id: z.string().min(1) });
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().optional(),
});

export const GroupSchema = z
  .object({ id: z.string(), name: z.string(), member_ids: z.array(z.string()), created_at: timestamp })
  .meta({ id: 'Group' });
export const toGroupResponse = (g: Group): z.infer<typeof GroupSchema> => ({
  id: g.id,
  name: g.name,
  member_ids: g.memberIds,
  created_at: g.createdAt,
});
export const NewGroupSchema = z.object({
  name: z.string().min(1).max(100),
  member_ids: z.array(z.string()).max(10_000).optional(),
});
export const GroupPatchSchema = z.object({
  name: z.string().min(1).max(100).optional(),
  member_ids: z.array(z.string()).max(10_000).optional(),
});

export const ApiKeySchema = z
  .object({
    id: z.string(),
    user_id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The visible start of the key'),
    scopes: z.array(z.enum(SCOPES)),
    collection_ids: z.array(z.string()).nullable(),
    rate_limit_per_minute: z.number().int().nullable(),
    expires_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
    last_used_at: timestamp.nullable(),
    last_used_ip: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'ApiKey' });
export const toApiKeyResponse = (k: ApiKeyRecord): z.infer<typeof ApiKeySchema> => ({
  id: k.id,
  user_id: k.userId,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  collection_ids: k.collectionIds,
  rate_limit_per_minute: k.rateLimitPerMinute,
  expires_at: k.expiresAt,
  revoked_at: k.revokedAt,
  last_used_at: k.lastUsedAt,
  last_used_ip: k.lastUsedIp,
  created_at: k.createdAt,
});
export const NewApiKeySchema = z.object({
  name: z.string().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1),
  collection_ids: z.array(z.string()).max(1000).nullable().optional(),
  expires_at: timestamp.nullable().optional(),
  rate_limit_per_minute: z.number().int().min(1).max(1_000_000).nullable().optional(),
  user_id: z.string().optional().describe('Admins: create the key for this user'),
});
export const ApiKeyListQuerySchema = z.object({
  user_id: z.string().optional(),
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const ShareSchema = z
  .object({
    collection_id: z.string(),
    principal_type: z.enum(['user', 'group']),
    principal_id: z.string(),
    role: z.enum(SHARE_ROLES),
    created_at: timestamp,
  })
  .meta({ id: 'Share' });
export const toShareResponse = (s: CollectionShare): z.infer<typeof ShareSchema> => ({
  collection_id: s.collectionId,
  principal_type: s.principalType,
  principal_id: s.principalId,
  role: s.role,
  created_at: s.createdAt,
});
export const SharePutSchema = z.object({
  principal_type: z.enum(['user', 'group']),
  principal_id: z.string().min(1),
  role: z.enum(SHARE_ROLES),
});
export const ShareParamsSchema = z.object({
  id: z.string().min(1),
  principal_type: z.enum(['user', 'group']),
  principal_id: z.string().min(1),
});

export const AuditRecordSchema = z
  .object({
    id: z.string(),
    at: timestamp,
    actor_user_id: z.string().nullable(),
    actor_key_id: z.string().nullable(),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    outcome: z.enum(['success', 'failure']),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    request_id: z.string().nullable(),
  })
  .meta({ id: 'AuditRecord' });
export const toAuditResponse = (r: AuditRecord): z.infer<typeof AuditRecordSchema> => ({
  id: r.id,
  at: r.at,
  actor_user_id: r.actorUserId,
  actor_key_id: r.actorKeyId,
  action: r.action,
  entity_type: r.entityType,
  entity_id: r.entityId,
  before: r.before,
  after: r.after,
  outcome: r.outcome,
  ip: r.ip,
  user_agent: r.userAgent,
  request_id: r.requestId,
});
export const AuditQuerySchema = PageQuerySchema.extend({
  actor: z.string().optional(),
  action: z.string().optional(),
  entity_type: z.string().optional(),
  entity_id: z.string().optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
});
