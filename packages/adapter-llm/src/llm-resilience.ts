import { isAppError, type LlmHealth } from '@sift/core';
import { CircuitBreaker } from './circuit-breaker.js';
import { hasLlmCode } from './llm-errors.js';
import type { ResolvedLlmOptions } from './remote-llm.options.js';

/** A `Retry-After` beyond this is not waited out: someone is waiting for the answer, and the job retries anyway. */
const MAX_RETRY_AFTER_MS = 10_000;

/** What a finished call says about the provider, for the breaker. */
type Outcome = 'answered' | 'failed' | 'unknown';

/**
 * Bounded retries with exponential backoff and a circuit breaker around calls to one LLM provider.
 *
 * - Only `LLM_UNAVAILABLE` (connection failure, 5xx, 429, a stream cut before its first event) is retried,
 *   and only before anything was yielded: a half-streamed answer cannot be taken back from the reader.
 *   Timeouts are not retried: each already cost `timeoutMs` of someone's wait.
 * - A call whose retries are spent with `LLM_UNAVAILABLE` or `LLM_TIMEOUT` is one breaker failure; an answer
 *   of any kind (including `LLM_REJECTED` and `LLM_BAD_RESPONSE`: the server is up, the request or model is
 *   wrong) closes the circuit, so a bad key never locks everyone out. A caller's abort counts as neither.
 */
export class LlmResilience {
  private readonly breaker: CircuitBreaker;

  constructor(
    label: string,
    private readonly options: Pick<
      ResolvedLlmOptions,
      'maxRetries' | 'retryDelayMs' | 'failureThreshold' | 'cooldownMs' | 'now'
    >,
  ) {
    this.breaker = new CircuitBreaker(label, options);
  }

  /** Streams the events of `open()`, opening it again on a retryable failure before the first event. */
  async *stream<T>(signal: AbortSignal | undefined, open: () => AsyncIterable<T>): AsyncGenerator<T> {
    signal?.throwIfAborted();
    const probe = this.breaker.acquire();
    let outcome: Outcome = 'unknown';
    let failure: unknown;
    let yielded = false;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          for await (const event of open()) {
            yielded = true;
            yield event;
          }
          outcome = 'answered';
          return;
        } catch (err) {
          if (yielded || !this.retries(err, attempt, signal)) throw noteAttempts(err, attempt);
          await sleep(this.delay(err, attempt), signal);
        }
      }
    } catch (err) {
      outcome = outcomeOf(err, signal);
      failure = err;
      throw err;
    } finally {
      // A reader that stopped early still got an answer from a working server.
      this.settle(outcome === 'unknown' && yielded ? 'answered' : outcome, probe, failure);
    }
  }

  /** Runs `attempt` until it succeeds, fails permanently or the retries are spent. */
  async call<T>(signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    const probe = this.breaker.acquire();
    try {
      for (let n = 1; ; n++) {
        try {
          const result = await attempt();
          this.settle('answered', probe);
          return result;
        } catch (err) {
          if (!this.retries(err, n, signal)) throw noteAttempts(err, n);
          await sleep(this.delay(err, n), signal);
        }
      }
    } catch (err) {
      this.settle(outcomeOf(err, signal), probe, err);
      throw err;
    }
  }

  health(): Pick<LlmHealth, 'circuit' | 'lastError'> {
    const last = this.breaker.lastError();
    return {
      circuit: this.breaker.state(),
      lastError: last ? { code: last.code, message: last.message } : null,
    };
  }

  private retries(err: unknown, attempt: number, signal: AbortSignal | undefined): boolean {
    return !signal?.aborted && attempt <= this.options.maxRetries && hasLlmCode(err, 'LLM_UNAVAILABLE');
  }

  private delay(err: unknown, attempt: number): number {
    const backoff = this.options.retryDelayMs * 2 ** (attempt - 1);
    const retryAfter = isAppError(err) ? Number(err.details.retryAfterMs ?? 0) : 0;
    return Math.max(backoff, Math.min(retryAfter, MAX_RETRY_AFTER_MS));
  }

  private settle(outcome: Outcome, probe: boolean, err?: unknown): void {
    if (outcome === 'answered') this.breaker.succeed();
    else if (outcome === 'failed' && isAppError(err)) this.breaker.fail(err);
    else this.breaker.release(probe);
  }
}

function outcomeOf(err: unknown, signal: AbortSignal | undefined): Outcome {
  if (signal?.aborted) return 'unknown';
  if (hasLlmCode(err, 'LLM_UNAVAILABLE', 'LLM_TIMEOUT')) return 'failed';
  if (hasLlmCode(err, 'LLM_REJECTED', 'LLM_BAD_RESPONSE')) return 'answered';
  return 'unknown';
}

function noteAttempts(err: unknown, attempts: number): unknown {
  if (isAppError(err) && err.code.startsWith('LLM_')) err.details.attempts = attempts;
  return err;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
