import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('lets five failures pass, then makes each further attempt wait twice as long', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    const keys = ['account:a@example.com', 'ip:10.0.0.1'];
    for (let i = 0; i < FREE_FAILURES - 1; i++) {
      throttle.check(keys);
      throttle.failed(keys);
    }
    throttle.failed(keys);
    expect(() => throttle.check(keys)).toThrow(
      expect.objectContaining({ code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: 1 } }),
    );
    now += 1_000;
    throttle.check(keys);
    throttle.failed(keys);
    expect(() => throttle.check(keys)).toThrow(
      expect.objectContaining({ details: { retryAfterSeconds: 2 } }),
    );
    // Another account from another address is unaffected; a success clears the account's count.
    throttle.check(['account:b@example.com', 'ip:10.0.0.2']);
    throttle.succeeded('account:a@example.com');
    expect(() => throttle.check(['account:a@example.com'])).not.toThrow();
    expect(() => throttle.check(['ip:10.0.0.1'])).toThrow();
  });
});
