/** Hashes and checks passwords (argon2id in the embedded build). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a hash it cannot read; never throws for bad input. */
  verify(hash: string, password: string): Promise<boolean>;
}

/** Claims of an access token. */
export interface AccessClaims {
  /** The account id. */
  sub: string;
  /** The sign-in (refresh-token family) the token belongs to. */
  sid: string;
}

/**
 * Signs and checks short-lived access tokens (JWT). `verify` throws AppError `TOKEN_INVALID` (bad signature,
 * wrong algorithm, `alg: none`, malformed, another issuer) or `TOKEN_EXPIRED` (category user → 401 at the
 * server), never anything else.
 */
export interface TokenSigner {
  sign(claims: AccessClaims, ttlSeconds: number): Promise<string>;
  verify(token: string): Promise<AccessClaims & { exp: number }>;
  /** Starts signing with a new key; tokens of the previous key stay valid until they expire. */
  rotate(): Promise<void>;
}
