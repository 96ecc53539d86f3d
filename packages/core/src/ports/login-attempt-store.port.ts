/**
 * Counts failed sign-ins per key (`account:<email>`, `ip:<address>`) and holds the blocks the login throttle
 * sets. In memory for one process (the embedded shape); in Redis when several API nodes must share the count,
 * so that guesses spread over nodes add up. Keys expire on their own: a store never grows without bound.
 */
export interface LoginAttemptStore {
  /** Counts one failure of `key` and returns its failures so far; the count is forgotten `forgetAfterMs` after the last one. */
  addFailure(key: string, forgetAfterMs: number): Promise<number>;
  /** Blocks `key` for `ms` from now (replacing an earlier block). */
  block(key: string, ms: number): Promise<void>;
  /** How long `key` is still blocked, in ms; 0 when it is not. */
  blockedForMs(key: string): Promise<number>;
  /** Forgets the failures and the block of `key` (a successful sign-in). */
  clear(key: string): Promise<void>;
}
