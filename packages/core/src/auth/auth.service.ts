import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { PasswordHasher, TokenSigner } from '../ports/credentials.port.js';
import type { IdentityStore } from '../ports/identity-repository.port.js';
import type { Access } from './access.js';
import { ROLE_SCOPES, type Account, type Principal, type RequestOrigin, type Scope } from './auth.types.js';
import type { AuditService } from './audit.service.js';
import { LoginThrottle } from './login-throttle.js';
import { checkPasswordInput } from './password-policy.js';

/** Lifetimes of the tokens of a sign-in. */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;
/** API keys look like `sift_<8 chars>_<secret>`; the part before the second `_` is shown in lists. */
export const API_KEY_PREFIX = 'sift_';

/** The tokens of a sign-in. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** The refresh-token family: this sign-in, across its rotations. */
  sessionId: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
}

/** The same answer for an unknown email and a wrong password, so accounts cannot be discovered. */
function badCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'unauthenticated', 'the email or the password is wrong');
}

export function tokenInvalid(message = 'the token is not valid'): AppError {
  return new AppError('TOKEN_INVALID', 'unauthenticated', message);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Sign-in and credentials: password sign-in with throttling → a short-lived access token (JWT) and a rotating
 * refresh token (opaque, stored hashed; presenting a rotated one again revokes the whole sign-in), sign-out,
 * and turning an access token or an API key into the Principal that travels into core.
 */
export class AuthService {
  readonly throttle: LoginThrottle;

  constructor(
    private readonly identity: IdentityStore,
    private readonly hasher: PasswordHasher,
    private readonly signer: TokenSigner,
    private readonly audit: AuditService,
    options: { throttle?: LoginThrottle; now?: () => number } = {},
  ) {
    this.throttle = options.throttle ?? new LoginThrottle();
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  async login(
    email: string,
    password: string,
    origin: RequestOrigin,
  ): Promise<{ account: Account; tokens: SessionTokens }> {
    checkPasswordInput(password);
    const folded = email.trim().toLowerCase();
    const keys = [`account:${folded}`, ...(origin.ip ? [`ip:${origin.ip}`] : [])];
    await this.throttle.check(keys);
    const account = await this.identity.accounts.getByEmail(folded);
    const hash = account ? await this.identity.accounts.passwordHash(account.id) : null;
    // Hash even for an unknown email, so the answer takes as long either way.
    const valid = hash ? await this.hasher.verify(hash, password) : (await this.hasher.hash(password), false);
    if (!account || !valid || !account.isActive) {
      await this.throttle.failed(keys);
      await this.audit.record(null, origin, {
        action: 'auth.login',
        entityType: 'user',
        entityId: account?.id ?? null,
        actorUserId: account?.id ?? null,
        outcome: 'failure',
        after: { email: folded.slice(0, 254) },
      });
      if (account && valid && !account.isActive) {
        throw new AppError('ACCOUNT_DISABLED', 'unauthenticated', 'this account is disabled');
      }
      throw badCredentials();
    }
    await this.throttle.succeeded(`account:${folded}`);
    const tokens = await this.startSession(account);
    await this.audit.record(null, origin, {
      action: 'auth.login',
      entityType: 'user',
      entityId: account.id,
      actorUserId: account.id,
    });
    return { account, tokens };
  }

  /** A new sign-in for an account whose identity was proven elsewhere (OpenID Connect). */
  async startSession(account: Account): Promise<SessionTokens> {
    const at = new Date(this.now()).toISOString();
    await this.identity.accounts.update(account.id, { lastLoginAt: at });
    return this.issue(account.id, randomUUID());
  }

  /**
   * Exchanges a refresh token for new tokens (the old one is rotated out). A token presented a second time is
   * a stolen copy or a replay: the whole sign-in is revoked (TOKEN_REUSED).
   */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<SessionTokens> {
    const record = await this.identity.sessions.getByHash(sha256(refreshToken));
    if (!record) throw tokenInvalid('the refresh token is not valid');
    const now = new Date(this.now()).toISOString();
    if (record.revokedAt) throw tokenInvalid('this sign-in was ended');
    if (record.expiresAt <= now)
      throw new AppError('TOKEN_EXPIRED', 'unauthenticated', 'the refresh token expired');
    if (!(await this.identity.sessions.markRotated(record.id, now))) {
      await this.identity.sessions.revokeFamily(record.familyId, now);
      await this.audit.record(null, origin, {
        action: 'auth.refresh_reuse',
        entityType: 'session',
        entityId: record.familyId,
        actorUserId: record.userId,
        outcome: 'failure',
      });
      throw new AppError(
        'TOKEN_REUSED',
        'unauthenticated',
        'this refresh token was used before; the sign-in is revoked',
      );
    }
    const account = await this.identity.accounts.get(record.userId);
    if (!account?.isActive)
      throw new AppError('ACCOUNT_DISABLED', 'unauthenticated', 'this account is disabled');
    return this.issue(record.userId, record.familyId);
  }

  /** Ends a sign-in (its refresh tokens, and at once the access tokens of it). */
  async logout(access: Access, sessionId: string | null, origin: RequestOrigin): Promise<void> {
    if (sessionId) await this.identity.sessions.revokeFamily(sessionId, new Date(this.now()).toISOString());
    await this.audit.record(access, origin, {
      action: 'auth.logout',
      entityType: 'session',
      entityId: sessionId,
    });
  }

  /** The principal of an access token; TOKEN_INVALID / TOKEN_EXPIRED / ACCOUNT_DISABLED otherwise. */
  async authenticateToken(token: string): Promise<{ principal: Principal; sessionId: string }> {
    const claims = await this.signer.verify(token);
    const [account, live] = await Promise.all([
      this.identity.accounts.get(claims.sub),
      this.identity.sessions.familyActive(claims.sid, new Date(this.now()).toISOString()),
    ]);
    if (!account) throw tokenInvalid();
    if (!account.isActive)
      throw new AppError('ACCOUNT_DISABLED', 'unauthenticated', 'this account is disabled');
    if (!live) throw tokenInvalid('this sign-in was ended');
    return {
      principal: { kind: 'user', userId: account.id, role: account.role, scopes: ROLE_SCOPES[account.role] },
      sessionId: claims.sid,
    };
  }

  /**
   * The principal of an API key: its owner's role, scopes cut down to the key's own, and the key's collection
   * restriction. Revoked and expired keys and keys of disabled accounts are refused.
   */
  async authenticateApiKey(
    key: string,
    origin: RequestOrigin,
  ): Promise<{ principal: Principal; rateLimitPerMinute: number | null }> {
    const record = key.startsWith(API_KEY_PREFIX) ? await this.identity.apiKeys.getByHash(sha256(key)) : null;
    if (!record) throw new AppError('API_KEY_INVALID', 'unauthenticated', 'the API key is not valid');
    const now = new Date(this.now()).toISOString();
    if (record.revokedAt) throw new AppError('API_KEY_REVOKED', 'unauthenticated', 'the API key was revoked');
    if (record.expiresAt && record.expiresAt <= now)
      throw new AppError('API_KEY_EXPIRED', 'unauthenticated', 'the API key expired');
    const owner = await this.identity.accounts.get(record.userId);
    if (!owner?.isActive)
      throw new AppError('ACCOUNT_DISABLED', 'unauthenticated', 'the account of this API key is disabled');
    await this.identity.apiKeys.touch(record.id, now, origin.ip);
    const allowed = ROLE_SCOPES[owner.role];
    return {
      principal: {
        kind: 'api_key',
        userId: owner.id,
        role: owner.role,
        scopes: record.scopes.filter((s): s is Scope => allowed.includes(s)),
        keyId: record.id,
        collectionIds: record.collectionIds,
      },
      rateLimitPerMinute: record.rateLimitPerMinute,
    };
  }

  private async issue(userId: string, familyId: string): Promise<SessionTokens> {
    const now = this.now();
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(now + REFRESH_TOKEN_TTL_S * 1000).toISOString();
    await this.identity.sessions.create({
      userId,
      familyId,
      hash: sha256(refreshToken),
      expiresAt: refreshExpiresAt,
    });
    return {
      accessToken: await this.signer.sign({ sub: userId, sid: familyId }, ACCESS_TOKEN_TTL_S),
      refreshToken,
      sessionId: familyId,
      accessExpiresAt: new Date(now + ACCESS_TOKEN_TTL_S * 1000).toISOString(),
      refreshExpiresAt,
    };
  }
}
