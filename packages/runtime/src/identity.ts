import path from 'node:path';
import type { Config } from '@sift/config';
import { Argon2PasswordHasher, JoseTokenSigner, OidcClient } from '@sift/adapter-auth';
import {
  Access,
  AccessResolver,
  AccountService,
  ApiKeyService,
  AuditService,
  AuthService,
  LOCAL_USER_ID,
  LoginThrottle,
  type LoginAttemptStore,
  type Logger,
  type MetadataStore,
  type SingleSignOn,
  type TokenSigner,
} from '@sift/core';

/** Accounts, sign-in, keys, access and audit of one process, wired from config. */
export interface Identity {
  accounts: AccountService;
  auth: AuthService;
  apiKeys: ApiKeyService;
  audit: AuditService;
  access: AccessResolver;
  signer: TokenSigner;
  /** OpenID Connect single sign-on (SIFT_OIDC_*), or null when it is not configured. */
  sso: SingleSignOn | null;
  /** False when SIFT_AUTH=off: every request acts as the operator (loopback only). */
  enabled: boolean;
  /**
   * The operator's access — the CLI acting on the data dir, or every request when auth is off. It acts as the
   * built-in local user, which the first admin takes over at setup, so its work belongs to that admin.
   */
  operator(): Access;
}

export function createIdentity(
  config: Config,
  deps: {
    metadata: MetadataStore;
    logger: Logger;
    /** Failed sign-ins shared by the API nodes (Redis); absent: counted in this process. */
    loginAttempts?: LoginAttemptStore | undefined;
  },
): Identity {
  const { metadata } = deps;
  const hasher = new Argon2PasswordHasher();
  const signer = new JoseTokenSigner({
    keyFile: path.join(config.dataDir, 'keys', 'jwt-keys.json'),
    secret: config.auth.jwtSecret,
  });
  const audit = new AuditService(metadata.identity.audit, deps.logger);
  return {
    accounts: new AccountService(metadata.identity, hasher, audit),
    auth: new AuthService(metadata.identity, hasher, signer, audit, {
      throttle: new LoginThrottle(deps.loginAttempts),
    }),
    apiKeys: new ApiKeyService(metadata, audit),
    audit,
    access: new AccessResolver(metadata),
    signer,
    sso: config.auth.oidc ? new OidcClient(config.auth.oidc) : null,
    enabled: config.auth.enabled,
    operator: () => Access.operator(LOCAL_USER_ID),
  };
}

/**
 * Creates the admin named by SIFT_ADMIN_EMAIL / SIFT_ADMIN_PASSWORD when no account exists yet (headless
 * installs). A password the policy refuses stops start-up with its reason.
 */
export async function bootstrapAdmin(config: Config, identity: Identity, logger: Logger): Promise<void> {
  const admin = config.auth.bootstrapAdmin;
  if (!admin || !(await identity.accounts.needsSetup())) return;
  const account = await identity.accounts.setup({ email: admin.email, password: admin.password });
  logger.info({ email: account.email }, 'created the first admin from SIFT_ADMIN_EMAIL');
}
