/** Credentials of Sift: argon2id password hashing and JWT access tokens (jose). */
export { Argon2PasswordHasher } from './argon2.hasher.js';
export { JoseTokenSigner, type JoseTokenSignerOptions } from './jose.signer.js';
