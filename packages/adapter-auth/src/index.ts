/** Credentials of Sift: argon2id password hashing, JWT access tokens (jose) and OpenID Connect sign-in. */
export { Argon2PasswordHasher } from './argon2.hasher.js';
export { JoseTokenSigner, type JoseTokenSignerOptions } from './jose.signer.js';
export { OidcClient, type OidcClientOptions } from './oidc.client.js';
