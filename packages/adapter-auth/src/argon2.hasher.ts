import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '@sift/core';

/**
 * argon2id through @node-rs/argon2 (prebuilt binaries, hashing on libuv's thread pool so the event loop does
 * not wait), with its defaults: 19 MiB of memory, 2 passes, one lane — OWASP's recommended minimum.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch {
      // Not an argon2 hash (a corrupted row): no password matches it.
      return false;
    }
  }
}
