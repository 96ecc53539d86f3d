import type { AppError } from '@sift/core';
import { llmError } from './llm-errors.js';

/** Settings of a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before it lets one probe through. */
  cooldownMs: number;
  /** Clock in ms; injectable so tests pass the cool-down without sleeping. */
  now: () => number;
}

/** `closed`: calls go through; `open`: they fail fast; `half_open`: the cool-down is over, one probe may go. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Stops calling a provider that keeps failing, so a chat request fails in microseconds with
 * `LLM_CIRCUIT_OPEN` instead of waiting out another timeout. Only the caller decides what a failure is; the
 * breaker counts consecutive ones, opens at the threshold, and after the cool-down admits a single probe
 * whose success closes the circuit and whose failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private probeStartedAt: number | null = null;
  private last: AppError | null = null;

  constructor(
    /** Names the provider in the fail-fast message, e.g. `ollama llama3.2 at http://…`. */
    private readonly label: string,
    private readonly options: CircuitBreakerOptions,
  ) {}

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.options.now() - this.openedAt >= this.options.cooldownMs ? 'half_open' : 'open';
  }

  /** The failure that opened (or re-opened) the circuit; null while it is closed. */
  lastError(): AppError | null {
    return this.openedAt === null ? null : this.last;
  }

  /**
   * Admits a call or throws `LLM_CIRCUIT_OPEN`. Returns whether the call is the half-open probe; while a
   * probe is out, other calls fail fast. A probe whose caller vanished without settling it would block the
   * circuit for good, so a probe slot older than the cool-down is handed to the next caller.
   */
  acquire(): boolean {
    const state = this.state();
    if (state === 'closed') return false;
    const now = this.options.now();
    if (
      state === 'half_open' &&
      (this.probeStartedAt === null || now - this.probeStartedAt >= this.options.cooldownMs)
    ) {
      this.probeStartedAt = now;
      return true;
    }
    const retryAfterMs = Math.max(0, this.openedAt! + this.options.cooldownMs - now);
    const wait = state === 'open' ? `for ${retryAfterMs} ms more` : 'while a probe call is out';
    throw llmError(
      'LLM_CIRCUIT_OPEN',
      `${this.label} failed ${this.failures} times in a row; calls fail fast ${wait}` +
        (this.last ? ` (last error: ${this.last.message})` : ''),
      {
        retryAfterMs,
        consecutiveFailures: this.failures,
        lastError: this.last ? { code: this.last.code, message: this.last.message } : null,
      },
    );
  }

  /** The provider answered: the count starts again and the circuit closes. */
  succeed(): void {
    this.failures = 0;
    this.openedAt = null;
    this.probeStartedAt = null;
    this.last = null;
  }

  /** The provider failed: counts towards the threshold, or re-opens an open circuit for a fresh cool-down. */
  fail(err: AppError): void {
    this.failures++;
    this.last = err;
    this.probeStartedAt = null;
    if (this.openedAt !== null || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.options.now();
    }
  }

  /** The call ended without saying anything about the provider (the caller aborted): frees the probe slot. */
  release(probe: boolean): void {
    if (probe) this.probeStartedAt = null;
  }
}
