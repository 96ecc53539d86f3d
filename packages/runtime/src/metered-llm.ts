import type {
  Llm,
  LlmCompletion,
  LlmHealth,
  LlmRequest,
  LlmStreamEvent,
  LlmUsage,
  MetricsPort,
  Telemetry,
} from '@sift/core';

/**
 * An Llm that records every call: a span `llm.call`, `sift_llm_requests_total{provider,outcome}` (ok, error,
 * circuit_open, cancelled), time to the first token, tokens in and out when the provider reports them, and
 * `sift_llm_circuit_open` after each call. Wraps the adapter once, so chat, answers and the LLM reranker are all
 * counted alike.
 */
export class MeteredLlm implements Llm {
  constructor(
    private readonly inner: Llm,
    private readonly telemetry: Telemetry,
  ) {}

  get provider(): string {
    return this.inner.provider;
  }

  get model(): string {
    return this.inner.model;
  }

  health(): LlmHealth {
    return this.inner.health();
  }

  async *stream(request: LlmRequest): AsyncIterable<LlmStreamEvent> {
    const started = performance.now();
    let first = true;
    let ended = false;
    // The span must last as long as the caller iterates: it waits on a promise the generator settles.
    let settle!: (err?: unknown) => void;
    const finished = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    const span = this.telemetry.tracer.span('llm.call', this.attributes('stream'), () => finished);
    span.catch(() => undefined);
    try {
      for await (const event of this.inner.stream(request)) {
        if (first && event.type === 'token') {
          first = false;
          this.firstToken(started);
        }
        if (event.type === 'done') this.tokens(event.usage);
        yield event;
      }
      ended = true;
      this.outcome('ok');
      settle();
    } catch (err) {
      ended = true;
      this.outcome(outcomeOf(err, request.signal));
      settle(err);
      throw err;
    } finally {
      // The caller stopped iterating early (a client went away): cancelled, not failed.
      if (!ended) this.outcome('cancelled');
      settle();
      this.circuit();
    }
  }

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    const started = performance.now();
    try {
      const completion = await this.telemetry.tracer.span('llm.call', this.attributes('complete'), () =>
        this.inner.complete(request),
      );
      // Without streaming the first token arrives with the last.
      this.firstToken(started);
      this.tokens(completion.usage);
      this.outcome('ok');
      return completion;
    } catch (err) {
      this.outcome(outcomeOf(err, request.signal));
      throw err;
    } finally {
      this.circuit();
    }
  }

  private get metrics(): MetricsPort {
    return this.telemetry.metrics;
  }

  private attributes(mode: string) {
    return { 'llm.provider': this.inner.provider, 'llm.model': this.inner.model, 'llm.mode': mode };
  }

  private firstToken(started: number): void {
    const seconds = (performance.now() - started) / 1000;
    this.metrics.observe('sift_llm_first_token_seconds', { provider: this.inner.provider }, seconds);
  }

  private tokens(usage: LlmUsage): void {
    const provider = this.inner.provider;
    if (usage.promptTokens !== null)
      this.metrics.count('sift_llm_tokens_total', { provider, direction: 'in' }, usage.promptTokens);
    if (usage.completionTokens !== null)
      this.metrics.count('sift_llm_tokens_total', { provider, direction: 'out' }, usage.completionTokens);
  }

  private outcome(outcome: string): void {
    this.metrics.count('sift_llm_requests_total', { provider: this.inner.provider, outcome });
  }

  /** Open or half-open (the next call is a probe) both mean the provider has been failing. */
  private circuit(): void {
    const open = this.inner.health().circuit === 'closed' ? 0 : 1;
    this.metrics.set('sift_llm_circuit_open', { provider: this.inner.provider }, open);
  }
}

function outcomeOf(err: unknown, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return 'cancelled';
  return (err as { code?: unknown }).code === 'LLM_CIRCUIT_OPEN' ? 'circuit_open' : 'error';
}
