import { silentLogger, type Logger } from '@sift/core';
import type { Metadata } from 'chromadb';
import { call, isNotFound, type ChromaCollections } from './chroma-collections.js';
import { recordMetadata } from './chroma-filter.js';
import type { OutboxFeed, VectorChange } from './vector-feed.port.js';

/** Options of {@link ChromaOutboxDrainer}. */
export interface DrainerOptions {
  /** Outbox rows per drain transaction (default 500). */
  batch: number;
  /** A background drain runs this often, also without notifications (ms; 0: never). */
  intervalMs: number;
  logger?: Logger;
}

// Chroma caps records per request (its max_batch_size is 5461 on a local server); stay well below.
const RECORDS_PER_REQUEST = 1_000;

interface Group {
  space: string;
  generation: number;
  ids: string[];
  embeddings: number[][];
  metadatas: Metadata[];
}

/**
 * Moves outbox rows into Chroma. Drains in one process run one after another (a promise chain), and the feed
 * lets one process drain at a time; a drain writes the truth it read under that lock, so Chroma converges on
 * the newest state whatever order drains ran in. Each batch is applied to Chroma (upserts, deletes, dropped
 * collections) before its rows are acknowledged: a failure leaves them pending for the next drain, and
 * writing the same state twice is harmless.
 */
export class ChromaOutboxDrainer {
  private chain: Promise<unknown> = Promise.resolve();
  private kickQueued = false;
  private enabling: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;
  private closed = false;
  private readonly logger: Logger;

  constructor(
    private readonly feed: OutboxFeed,
    private readonly collections: ChromaCollections,
    private readonly options: DrainerOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Registers with the feed once (the first time also backfills every vector into the outbox). */
  ready(): Promise<void> {
    this.enabling ??= this.feed.enable().catch((err: unknown) => {
      this.enabling = null;
      throw err;
    });
    return this.enabling;
  }

  /**
   * Drains up to `maxRows` rows, after any drain already running here (whose read may predate the caller's
   * write). Resolves with the rows drained; rejects with the Chroma or database error that stopped it.
   */
  drain(maxRows: number): Promise<number> {
    const run = this.chain.then(() => this.drainNow(maxRows));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** A background drain of everything pending; a failure is logged and the next kick or tick retries. */
  kick(): void {
    if (this.closed || this.kickQueued) return;
    this.kickQueued = true;
    const run = this.chain.then(() => {
      // Cleared when the run starts, not ends: a write committed during it must queue one more.
      this.kickQueued = false;
      return this.drainNow(Number.POSITIVE_INFINITY);
    });
    this.chain = run.catch((err: unknown) => {
      this.logger.warn({ err }, 'vector outbox: drain into Chroma failed; rows stay pending');
    });
  }

  /** Starts the periodic drain and, where the feed offers it, drains on its notifications. */
  async start(): Promise<void> {
    await this.ready();
    if (this.options.intervalMs > 0 && !this.timer) {
      this.timer = setInterval(() => this.kick(), this.options.intervalMs);
      this.timer.unref();
    }
    if (this.feed.subscribe && !this.unsubscribe)
      this.unsubscribe = await this.feed.subscribe(() => this.kick());
    this.kick();
  }

  /** Stops background work and waits for a drain in flight. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    await unsubscribe?.();
    await this.chain;
  }

  private async drainNow(maxRows: number): Promise<number> {
    await this.ready();
    let total = 0;
    while (total < maxRows) {
      const limit = Math.min(this.options.batch, maxRows - total);
      const { rows } = await this.feed.drain((changes) => this.apply(changes), { limit });
      total += rows;
      if (rows < limit) break;
    }
    return total;
  }

  private async apply(changes: VectorChange[]): Promise<void> {
    const upserts = new Map<string, Group>();
    const deletes = new Map<string, Group>();
    const group = (groups: Map<string, Group>, space: string, generation: number): Group => {
      const name = this.collections.name(space, generation);
      let g = groups.get(name);
      if (!g) groups.set(name, (g = { space, generation, ids: [], embeddings: [], metadatas: [] }));
      return g;
    };
    for (const change of changes) {
      if (change.kind === 'drop') {
        await this.collections.drop(change.space, change.generation);
      } else if (change.kind === 'delete') {
        group(deletes, change.space, change.generation).ids.push(String(change.key));
      } else {
        const g = group(upserts, change.space, change.generation);
        g.ids.push(String(change.key));
        g.embeddings.push(Array.from(change.vector));
        g.metadatas.push(recordMetadata(change.chunkId, change.document));
      }
    }
    for (const g of upserts.values()) await this.upsert(g);
    for (const g of deletes.values()) {
      const collection = await this.collections.find(g.space, g.generation);
      // No collection: nothing of this space was ever written to Chroma, so there is nothing to delete.
      if (collection) await call(() => collection.delete({ ids: g.ids }));
    }
  }

  private async upsert(g: Group, retried = false): Promise<void> {
    const collection = await this.collections.open(g.space, g.generation);
    try {
      for (let i = 0; i < g.ids.length; i += RECORDS_PER_REQUEST) {
        const end = i + RECORDS_PER_REQUEST;
        await call(() =>
          collection.upsert({
            ids: g.ids.slice(i, end),
            embeddings: g.embeddings.slice(i, end),
            metadatas: g.metadatas.slice(i, end),
          }),
        );
      }
    } catch (err) {
      // The cached collection was deleted behind our back (by hand, or a server that lost its data): recreate.
      if (retried || !isNotFound(err)) throw err;
      this.collections.forget(g.space, g.generation);
      await this.upsert(g, true);
    }
  }
}
