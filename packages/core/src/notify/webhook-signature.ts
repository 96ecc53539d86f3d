import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'sift-signature';

/**
 * How far a receiver should accept a timestamp from its own clock (either way). A captured request replayed
 * later than this is refused; receivers that must refuse replays inside the window too keep the delivery ids
 * (`Sift-Delivery` header) they have seen for this long.
 */
export const DEFAULT_TOLERANCE_S = 300;

/** A new signing secret: 32 random bytes, prefixed so that it is recognisable in a receiver's config. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The signature header of `body` sent at `timestamp` (unix seconds): HMAC-SHA256 with the webhook's secret
 * over `${timestamp}.${body}` — the timestamp is signed too, so it cannot be changed to extend a replay.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type SignatureCheck =
  { valid: true; timestamp: number } | { valid: false; reason: 'malformed' | 'mismatch' | 'expired' };

/**
 * What a receiver does with a delivery: parse `Sift-Signature`, refuse a timestamp further than `toleranceS`
 * from `now` (replays), recompute the HMAC over the raw body bytes as received and compare in constant time.
 * Any of several `v1=` values may match (several are sent while a secret is being rotated).
 */
export function verifyWebhookSignature(input: {
  secret: string;
  header: string | null | undefined;
  body: string;
  toleranceS?: number;
  now?: number;
}): SignatureCheck {
  const parts = (input.header ?? '').split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!t || !/^\d+$/u.test(t) || signatures.length === 0) return { valid: false, reason: 'malformed' };
  const timestamp = Number(t);
  const nowS = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowS - timestamp) > (input.toleranceS ?? DEFAULT_TOLERANCE_S))
    return { valid: false, reason: 'expired' };
  const expected = Buffer.from(hmac(input.secret, timestamp, input.body), 'hex');
  const match = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
