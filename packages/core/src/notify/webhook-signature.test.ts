import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: 'e1', type: 'document.processed', data: { n: 1 } });
  const now = Date.UTC(2026, 0, 1, 12);
  const t = Math.floor(now / 1000);

  it('verifies a body signed with the secret at a recent timestamp', () => {
    const header = signWebhook(secret, t, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/u);
    expect(verifyWebhookSignature({ secret, header, body, now })).toEqual({ valid: true, timestamp: t });
    // Within the window either way.
    expect(verifyWebhookSignature({ secret, header, body, now: now + 299_000 }).valid).toBe(true);
  });

  it('refuses a tampered body, another secret and a changed timestamp', () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhookSignature({ secret, header, body: body.replace('1', '2'), now })).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyWebhookSignature({ secret: newWebhookSecret(), header, body, now }).valid).toBe(false);
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifyWebhookSignature({ secret, header: moved, body, now })).toMatchObject({
      reason: 'mismatch',
    });
  });

  it('refuses a timestamp outside the replay window, however valid the signature', () => {
    const old = signWebhook(secret, t - 301, body);
    expect(verifyWebhookSignature({ secret, header: old, body, now })).toEqual({
      valid: false,
      reason: 'expired',
    });
    const future = signWebhook(secret, t + 301, body);
    expect(verifyWebhookSignature({ secret, header: future, body, now })).toMatchObject({
      reason: 'expired',
    });
    expect(verifyWebhookSignature({ secret, header: old, body, now, toleranceS: 600 }).valid).toBe(true);
  });

  it('refuses a missing or malformed header', () => {
    for (const header of [null, '', 't=abc,v1=00', `t=${t}`, 'v1=00'])
      expect(verifyWebhookSignature({ secret, header, body, now })).toMatchObject({ reason: 'malformed' });
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const header = `${signWebhook(newWebhookSecret(), t, body)},v1=${signWebhook(secret, t, body).split('v1=')[1]}`;
    expect(verifyWebhookSignature({ secret, header, body, now }).valid).toBe(true);
  });
});
