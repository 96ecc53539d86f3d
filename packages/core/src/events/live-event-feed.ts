import { randomBytes } from 'node:crypto';
import type { Access } from '../auth/access.js';
import type { EventBus, SiftEvent } from '../ports/event-bus.port.js';
import { canSeeEvent } from './event-visibility.js';

/**
 * Why a client must refetch what it shows: its last event id is older than the replay buffer (`expired`),
 * belongs to another process or run of the server, or is not one at all (`unknown`), or the client fell
 * behind and events were dropped for it (`overflow`).
 */
export type ResyncReason = 'expired' | 'unknown' | 'overflow';

/**
 * Messages of the feed itself: `ready` ends the replay (live events follow; its id is where the feed stands),
 * `resync` tells the client that it missed events and must refetch its state.
 */
export type LiveControl = { type: 'ready' } | { type: 'resync'; reason: ResyncReason };

/** One message to a subscriber, with the feed position it stands for (send it back to resume after it). */
export interface LiveMessage {
  id: string;
  event: SiftEvent | LiveControl;
}

/**
 * Hands one message to the client's transport. Returns false when the client is behind (its transport buffers
 * more than it allows): the feed then sends nothing more until `resume()`, and replaces what it dropped by one
 * `resync`. Throwing ends the subscription.
 */
export type LiveSend = (message: LiveMessage) => boolean;

/** A client's subscription to the feed. */
export interface LiveSubscription {
  /** The transport drained what it buffered: delivery goes on, after a `resync` if events were dropped. */
  resume(): void;
  /** Decide visibility with a freshly resolved access from now on (a share changed, credentials rechecked). */
  setAccess(access: Access): void;
  /** Stops delivery; idempotent. */
  close(): void;
}

/** Options of {@link LiveEventFeed}. */
export interface LiveEventFeedOptions {
  /** How many recent events a reconnecting client can catch up on (default 1,000). */
  replaySize?: number;
  /** A transport threw while sending (its subscription is closed); for the logs. */
  onSendError?: (err: unknown) => void;
}

const DEFAULT_REPLAY_SIZE = 1000;
const ID_PATTERN = /^([a-z0-9]+)-(\d+)$/u;

/**
 * The live events of one process, for its clients: listens to the EventBus once, numbers every event, keeps
 * the last `replaySize` in a ring so that a client reconnecting with its last event id misses nothing, and
 * delivers each event to the subscribers whose access may see it (see canSeeEvent).
 *
 * Ids are `<epoch>-<sequence>`: the epoch is new for every feed, so an id from before a restart, or from
 * another server process behind the same address, is recognised as unknown (→ `resync`) instead of being
 * taken for a position in this feed's sequence. Clients treat ids as opaque.
 *
 * Nothing is queued per client beyond what its transport buffers: a client that falls behind loses events and
 * gets one `resync` once it has drained, so a slow or stalled client cannot grow the server's memory.
 */
export class LiveEventFeed {
  readonly epoch = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  private sequence = 0;
  private readonly replaySize: number;
  private readonly ring: (SiftEvent | undefined)[];
  private readonly subscribers = new Set<Subscriber>();
  private readonly stopListening: () => void;
  private readonly onSendError: (err: unknown) => void;

  constructor(bus: EventBus, options: LiveEventFeedOptions = {}) {
    this.replaySize = options.replaySize ?? DEFAULT_REPLAY_SIZE;
    if (!Number.isSafeInteger(this.replaySize) || this.replaySize < 1)
      throw new RangeError(`replaySize must be a positive integer, got ${this.replaySize}`);
    this.ring = new Array<SiftEvent | undefined>(this.replaySize);
    this.onSendError = options.onSendError ?? (() => {});
    this.stopListening = bus.subscribe((event) => this.publish(event));
  }

  /** The id of the latest event (`<epoch>-0` before the first). */
  get lastId(): string {
    return this.idOf(this.sequence);
  }

  /** Open subscriptions, for status and tests. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Subscribes a client: first the buffered events after `lastEventId` that `access` may see (or one `resync`
   * when the id is too old or unknown), then `ready`, then live events as they happen.
   */
  subscribe(access: Access, options: { lastEventId?: string | null }, send: LiveSend): LiveSubscription {
    const subscriber = new Subscriber(access, send, {
      lastId: () => this.lastId,
      onError: this.onSendError,
      onClose: (s) => this.subscribers.delete(s),
    });
    const start = this.replayStart(options.lastEventId ?? null);
    if (typeof start === 'string') {
      subscriber.deliver({ id: this.lastId, event: { type: 'resync', reason: start } });
    } else if (start !== null) {
      for (let n = start + 1; n <= this.sequence; n++) {
        const event = this.ring[n % this.replaySize]!;
        if (canSeeEvent(subscriber.access, event)) subscriber.deliver({ id: this.idOf(n), event });
      }
    }
    subscriber.deliver({ id: this.lastId, event: { type: 'ready' } });
    if (!subscriber.closed) this.subscribers.add(subscriber);
    return subscriber;
  }

  /** Stops listening to the bus and ends every subscription; transports close their own streams. */
  close(): void {
    this.stopListening();
    for (const subscriber of [...this.subscribers]) subscriber.close();
  }

  private publish(event: SiftEvent): void {
    this.sequence += 1;
    this.ring[this.sequence % this.replaySize] = event;
    const id = this.idOf(this.sequence);
    for (const subscriber of this.subscribers) {
      if (canSeeEvent(subscriber.access, event)) subscriber.deliver({ id, event });
    }
  }

  /** The sequence to replay after, null for none, or why the client must resync instead. */
  private replayStart(lastEventId: string | null): number | ResyncReason | null {
    if (lastEventId === null || lastEventId === '') return null;
    const match = ID_PATTERN.exec(lastEventId);
    if (!match || match[1] !== this.epoch) return 'unknown';
    const after = Number(match[2]);
    if (!Number.isSafeInteger(after) || after > this.sequence) return 'unknown';
    const oldest = Math.max(1, this.sequence - this.replaySize + 1);
    return after + 1 < oldest ? 'expired' : after;
  }

  private idOf(sequence: number): string {
    return `${this.epoch}-${sequence}`;
  }
}

/** One client: its access, and whether it is behind and has missed events meanwhile. */
class Subscriber implements LiveSubscription {
  closed = false;
  private behind = false;
  private missed = false;

  constructor(
    public access: Access,
    private readonly send: LiveSend,
    private readonly feed: {
      lastId: () => string;
      onError: (err: unknown) => void;
      onClose: (subscriber: Subscriber) => void;
    },
  ) {}

  deliver(message: LiveMessage): void {
    if (this.closed) return;
    if (this.behind) {
      this.missed = true;
      return;
    }
    try {
      if (!this.send(message)) this.behind = true;
    } catch (err) {
      // A broken transport (a socket closed under us) must not stop delivery to the other clients.
      this.feed.onError(err);
      this.close();
    }
  }

  resume(): void {
    if (this.closed || !this.behind) return;
    this.behind = false;
    if (!this.missed) return;
    this.missed = false;
    this.deliver({ id: this.feed.lastId(), event: { type: 'resync', reason: 'overflow' } });
  }

  setAccess(access: Access): void {
    this.access = access;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.feed.onClose(this);
  }
}
