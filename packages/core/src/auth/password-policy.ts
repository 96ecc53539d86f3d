import { AppError } from '../errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Longer input is refused before hashing: argon2 of megabytes would be a denial of service. */
export const MAX_PASSWORD_BYTES = 1024;

/** Throws a user error naming what is wrong with a new password; returns nothing when it is acceptable. */
export function checkPassword(password: string, context: { email?: string } = {}): void {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new AppError('PASSWORD_TOO_LONG', 'user', `a password is at most ${MAX_PASSWORD_BYTES} bytes`, {
      details: { maxBytes: MAX_PASSWORD_BYTES },
    });
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'PASSWORD_TOO_SHORT',
      'user',
      `a password has at least ${MIN_PASSWORD_LENGTH} characters`,
      {
        details: { minLength: MIN_PASSWORD_LENGTH },
      },
    );
  }
  const folded = password.toLowerCase();
  if (COMMON_PASSWORDS.has(folded) || (context.email && folded === context.email.toLowerCase())) {
    throw new AppError(
      'PASSWORD_TOO_COMMON',
      'user',
      'this password is too common or guessable; choose another',
    );
  }
}

/** Throws PASSWORD_TOO_LONG for over-long input (sign-in), so it is never hashed. */
export function checkPasswordInput(password: string): void {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new AppError('PASSWORD_TOO_LONG', 'user', `a password is at most ${MAX_PASSWORD_BYTES} bytes`, {
      details: { maxBytes: MAX_PASSWORD_BYTES },
    });
  }
}

// Deliberately loose: one @, something on each side, a dot in the domain, no spaces. Mail delivery decides
// the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** Normalises an email (trimmed, lower-cased) or throws EMAIL_INVALID. */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) {
    throw new AppError('EMAIL_INVALID', 'user', `${email.slice(0, 100)} is not an email address`, {
      details: { email: email.slice(0, 100) },
    });
  }
  return trimmed;
}
