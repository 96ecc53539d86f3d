import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, type AccessClaims, type TokenSigner } from '@sift/core';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'sift';
const AUDIENCE = 'sift-api';
const ALGORITHM = 'HS256';
/** Keys kept after a rotation: the current one signs, the others still verify tokens they signed. */
const KEPT_KEYS = 3;

interface StoredKey {
  kid: string;
  secret: string;
  createdAt: string;
}

/** Options of {@link JoseTokenSigner}. */
export interface JoseTokenSignerOptions {
  /** Where signing keys are kept (`<data>/keys/jwt-keys.json`), created on first start. */
  keyFile: string;
  /** A fixed secret (SIFT_JWT_SECRET) instead of the key file: every API node of a cluster shares it. */
  secret?: string | null;
}

/**
 * Access tokens as JWTs (jose), HMAC-SHA256 with keys generated on first start and kept in the data dir (mode
 * 600), or one fixed secret from the config. Only HS256 is accepted — `alg: none` and every other algorithm are
 * refused — with this issuer and audience. Rotation adds a new signing key and keeps the last few for
 * verification, so tokens already issued stay valid until they expire.
 */
export class JoseTokenSigner implements TokenSigner {
  private keys: StoredKey[] | null = null;

  constructor(private readonly options: JoseTokenSignerOptions) {}

  async sign(claims: AccessClaims, ttlSeconds: number): Promise<string> {
    const [current] = await this.load();
    return new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: ALGORITHM, kid: current!.kid, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(Buffer.from(current!.secret, 'base64url'));
  }

  async verify(token: string): Promise<AccessClaims & { exp: number }> {
    const keys = await this.load();
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = keys.find((k) => k.kid === header.kid);
          if (!key)
            throw new AppError(
              'TOKEN_INVALID',
              'unauthenticated',
              'the token was signed with an unknown key',
            );
          return Buffer.from(key.secret, 'base64url');
        },
        { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM] },
      );
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.sid !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        throw new AppError('TOKEN_INVALID', 'unauthenticated', 'the token lacks its claims');
      }
      return { sub: payload.sub, sid: payload.sid, exp: payload.exp };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof errors.JWTExpired)
        throw new AppError('TOKEN_EXPIRED', 'unauthenticated', 'the access token expired');
      throw new AppError('TOKEN_INVALID', 'unauthenticated', 'the token is not valid');
    }
  }

  async rotate(): Promise<void> {
    if (this.options.secret) {
      throw new AppError(
        'JWT_KEY_FIXED',
        'conflict',
        'the signing key comes from SIFT_JWT_SECRET; change it there',
      );
    }
    const keys = await this.load();
    this.keys = [newKey(), ...keys].slice(0, KEPT_KEYS);
    await this.save(this.keys);
  }

  private async load(): Promise<StoredKey[]> {
    if (this.keys) return this.keys;
    if (this.options.secret) {
      this.keys = [
        { kid: 'configured', secret: Buffer.from(this.options.secret).toString('base64url'), createdAt: '' },
      ];
      return this.keys;
    }
    try {
      const stored = JSON.parse(await readFile(this.options.keyFile, 'utf8')) as { keys: StoredKey[] };
      if (stored.keys.length > 0) this.keys = stored.keys;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    if (!this.keys) {
      this.keys = [newKey()];
      await this.save(this.keys);
    }
    return this.keys;
  }

  private async save(keys: StoredKey[]): Promise<void> {
    await mkdir(path.dirname(this.options.keyFile), { recursive: true, mode: 0o700 });
    const tmp = `${this.options.keyFile}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
    await rename(tmp, this.options.keyFile);
  }
}

function newKey(): StoredKey {
  return {
    kid: randomUUID(),
    secret: randomBytes(32).toString('base64url'),
    createdAt: new Date().toISOString(),
  };
}
