import {
  ANALYTICS_RETENTION_DAYS,
  analyticsEventOf,
  type AnalyticsEvent,
  type AnalyticsRepository,
  type Logger,
  type SiftEvent,
} from '@sift/core';

const DAY_MS = 86_400_000;

/**
 * Records analytics events, and prunes those past the retention (ANALYTICS_RETENTION_DAYS, a fixed window;
 * RetentionSweeper calls `prune` on its schedule).
 *
 * It is handed the events *published by this process* (runtime.ts's PublishTap), not the bus's: in the
 * scale-out shape every API and worker node hears every Redis pub/sub event, and a subscriber on each would
 * write each event once per node. Recorded where published, an upload is recorded by the API node that took
 * it and a processed document by the worker that processed it — once, and without depending on pub/sub,
 * which is best effort. The event's key (`upload:<document>`, `document.processed:<document>:<task>`) makes
 * the rare second publication of one occurrence (a task run again after its worker died between saving and
 * acknowledging) add no row: the store ignores a key it has.
 *
 * Questions are not bus events: the answer service records them where it answers.
 */
export class AnalyticsRecorder {
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: {
      analytics: AnalyticsRepository;
      logger: Logger;
      now?: () => number;
    },
  ) {}

  /** Records the analytics event an event published here stands for, if any, in the background. */
  handle(event: SiftEvent): void {
    if (this.stopped) return;
    let record: AnalyticsEvent | null;
    try {
      record = analyticsEventOf(event);
    } catch (err) {
      // Called inside `publish`: whatever goes wrong here must not reach the work that published.
      this.deps.logger.warn({ err, type: event.type }, 'could not record an analytics event');
      return;
    }
    if (!record) return;
    const kind = record.kind;
    const write = this.deps.analytics.record(record).then(
      () => undefined,
      // Analytics must never disturb the work they describe: a failed write is a lost data point.
      (err: unknown) => this.deps.logger.warn({ err, kind }, 'could not record an analytics event'),
    );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Resolves once every write started so far has ended (tests; close). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Deletes events older than the retention; resolves to how many (0 after a logged failure). */
  async prune(): Promise<number> {
    const now = this.deps.now ?? Date.now;
    const before = new Date(now() - ANALYTICS_RETENTION_DAYS * DAY_MS).toISOString();
    try {
      const pruned = await this.deps.analytics.prune(before);
      if (pruned > 0) this.deps.logger.info({ pruned, before }, 'pruned old analytics events');
      return pruned;
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not prune analytics events');
      return 0;
    }
  }

  /** Stops taking events and waits for the writes in hand (before the stores close). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }
}
