import type { Role } from '../auth/auth.types.js';

/** A person as an OpenID provider vouched for them, with the role Sift gives them. */
export interface ExternalIdentity {
  /** The provider's stable id of the person (`sub`). */
  subject: string;
  /** The provider (`iss`); `issuer|subject` is what an account is linked by. */
  issuer: string;
  /** Lower-cased; the provider did not deny having verified it. */
  email: string;
  /** For display: the `name` claim, else `preferred_username`, else the email. */
  name: string;
  /** From the configured role claim, or the configured default when the claim is absent or not a role. */
  role: Role;
}

/**
 * What a sign-in that left for the provider must find again when it comes back: kept by the entry point (in a
 * signed cookie of the browser), never sent to the provider except as `state`, `nonce` and the PKCE challenge.
 */
export interface SsoTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * Single sign-on with an OpenID Connect provider (authorization-code flow with PKCE, state and nonce).
 * Errors are AppErrors: `SSO_UNAVAILABLE` (unavailable: the provider cannot be reached or discovered; tried
 * again on the next call), `SSO_STATE_INVALID` (user: the answer does not belong to this sign-in),
 * `SSO_DENIED` (user: the provider answered with an error, e.g. the person cancelled), `SSO_FAILED` (user: the
 * code exchange or the ID token failed validation), `SSO_EMAIL_MISSING` / `SSO_EMAIL_UNVERIFIED` (user).
 */
export interface SingleSignOn {
  /** Where to send the browser, and what the callback must be given back. */
  authorizationUrl(): Promise<SsoTransaction & { url: string }>;
  /**
   * Validates the provider's answer (the callback's query) against the transaction, exchanges the code and
   * checks the ID token (signature by the provider's keys, issuer, audience, expiry, nonce).
   */
  callback(params: URLSearchParams | string, expected: SsoTransaction): Promise<ExternalIdentity>;
}
