import type { Logger } from '@sift/core';
import type { Stores } from './stores.types.js';

/** How often the lexical index is looked at: a quiet interval this long lets a fragmented index be merged. */
const CHECK_EVERY_MS = 5 * 60_000;

/**
 * Merges the embedded lexical index's segments when ingestion has gone quiet (Stores.compaction, the SQLite
 * shape's FtsCompactionPolicy): a million chunks written a document at a time leave about ten segments, and
 * every query pays for reading each. Runs where workers run, like the retention sweep; PostgreSQL maintains
 * its own indexes, so the scale-out shape has nothing to do here.
 */
export class IndexCompactor {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly deps: { compaction: NonNullable<Stores['compaction']>; logger: Logger }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
    this.timer.unref?.();
  }

  /** One look (and merge, when due); a failure is logged and the next tick tries again. */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const result = await this.deps.compaction.tick(this.abort.signal);
        if (result) {
          this.deps.logger.info(
            { ...result, ms: Math.round(result.ms) },
            'merged the lexical index segments while ingestion was quiet',
          );
        }
      } catch (err) {
        this.deps.logger.warn({ err }, 'could not merge the lexical index segments');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Stops the timer and a merge under way (between two of its steps), and waits for it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.running;
  }
}
