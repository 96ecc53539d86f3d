import { describe, expect, it } from 'vitest';
import { checkPassword, normaliseEmail } from './password-policy.js';

describe('password policy', () => {
  it.each([
    ['short', 'PASSWORD_TOO_SHORT'],
    ['password1234', 'PASSWORD_TOO_COMMON'],
    ['Password1234', 'PASSWORD_TOO_COMMON'],
    ['é'.repeat(600), 'PASSWORD_TOO_LONG'],
  ])('refuses %s', (password, code) => {
    expect(() => checkPassword(password)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses the email as password and accepts a long uncommon one', () => {
    expect(() => checkPassword('someone@example.com', { email: 'someone@example.com' })).toThrow(
      expect.objectContaining({ code: 'PASSWORD_TOO_COMMON' }),
    );
    expect(() => checkPassword('twelve or more unusual words')).not.toThrow();
  });

  it('normalises emails and refuses malformed ones', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    for (const bad of ['ada', 'ada@', '@example.com', 'a b@example.com', 'ada@example']) {
      expect(() => normaliseEmail(bad)).toThrow(expect.objectContaining({ code: 'EMAIL_INVALID' }));
    }
  });
});
