import type { AppError } from '@sift/core';

// The schema keeps bigint epoch ms (as SQLite does, so rows copy across unchanged); the domain speaks ISO-8601.

/** Epoch ms from an ISO-8601 timestamp, or the given error when it is not one. */
export function isoToMs(value: string, invalid: () => AppError): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid();
  return ms;
}

/** ISO-8601 string of epoch ms. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO-8601 string of epoch ms, null staying null. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
