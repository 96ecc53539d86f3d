import { describe, expect, it } from 'vitest';
import { InMemoryLoginAttemptStore } from './in-memory-login-attempts.js';
import { FREE_FAILURES, LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('lets five failures pass, then makes each further attempt wait twice as long', async () => {
    let now = 0;
    const throttle = new LoginThrottle(new InMemoryLoginAttemptStore(() => now));
    const keys = ['account:a@example.com', 'ip:10.0.0.1'];
    for (let i = 0; i < FREE_FAILURES - 1; i++) {
      await throttle.check(keys);
      await throttle.failed(keys);
    }
    await throttle.failed(keys);
    await expect(throttle.check(keys)).rejects.toMatchObject({
      code: 'LOGIN_THROTTLED',
      details: { retryAfterSeconds: 1 },
    });
    now += 1_000;
    await throttle.check(keys);
    await throttle.failed(keys);
    await expect(throttle.check(keys)).rejects.toMatchObject({ details: { retryAfterSeconds: 2 } });
    // Another account from another address is unaffected; a success clears the account's count.
    await throttle.check(['account:b@example.com', 'ip:10.0.0.2']);
    await throttle.succeeded('account:a@example.com');
    await expect(throttle.check(['account:a@example.com'])).resolves.toBeUndefined();
    await expect(throttle.check(['ip:10.0.0.1'])).rejects.toMatchObject({ code: 'LOGIN_THROTTLED' });
  });

  it('forgets failures an hour after the last one', async () => {
    let now = 0;
    const throttle = new LoginThrottle(new InMemoryLoginAttemptStore(() => now));
    for (let i = 0; i < FREE_FAILURES - 1; i++) await throttle.failed(['ip:10.0.0.3']);
    now += 60 * 60_000 + 1;
    await throttle.failed(['ip:10.0.0.3']);
    await expect(throttle.check(['ip:10.0.0.3'])).resolves.toBeUndefined();
  });
});
