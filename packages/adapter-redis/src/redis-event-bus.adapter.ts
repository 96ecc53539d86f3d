import type { EventBus, SiftEvent } from '@sift/core';
import type { Redis } from 'ioredis';
import { createRedisConnection, type RedisConnectionOptions } from './redis-connection.js';

export interface RedisEventBusOptions {
  /**
   * Pub/sub channel; every process of one installation must use the same. Defaults to `sift:events`, with
   * the database number of the URL appended when it is not 0 (`sift:events:db3`).
   */
  channel?: string;
  /** A listener threw (the others still get the event). */
  onListenerError?: (err: unknown) => void;
  /** A publication or an incoming message failed (Redis down, a message that is not a Sift event). */
  onError?: (err: unknown) => void;
  connection?: RedisConnectionOptions;
}

export const DEFAULT_EVENT_CHANNEL = 'sift:events';

/**
 * Redis pub/sub ignores the database number: installations kept apart by `redis://host/1` and `/2` would
 * hear each other's events on one channel. The database number goes into the default channel name.
 */
function defaultEventChannel(url: string): string {
  let db = 0;
  try {
    db = Number(new URL(url).pathname.slice(1) || '0') || 0;
  } catch {
    // The connection reports an unparseable URL with its own error.
  }
  return db === 0 ? DEFAULT_EVENT_CHANNEL : `${DEFAULT_EVENT_CHANNEL}:db${db}`;
}

/**
 * EventBus on Redis pub/sub, so that a WebSocket client on any API node sees what any worker does. Two
 * connections: one publishes, the other is in subscriber mode (Redis allows nothing else on it). Every
 * event goes through Redis, also to listeners in the publishing process, so each listener sees each event
 * once and in the order of publication of each process.
 *
 * Events are JSON: everything a SiftEvent carries is JSON already (timestamps are ISO strings), so an event
 * arrives equal to the one published. Delivery is best effort, as the port says: a subscriber that is
 * disconnected when an event is published does not get it (ioredis resubscribes on reconnection).
 */
export class RedisEventBus implements EventBus {
  private readonly listeners = new Set<(event: SiftEvent) => void>();
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly options: RedisEventBusOptions,
  ) {
    subscriber.on('message', (from: string, message: string) => {
      if (from === channel) this.deliver(message);
    });
  }

  /** Opens both connections to `url` and resolves once the subscription is in place. */
  static async connect(url: string, options: RedisEventBusOptions = {}): Promise<RedisEventBus> {
    const channel = options.channel ?? defaultEventChannel(url);
    const publisher = await createRedisConnection(url, {
      connectionName: 'sift-events-pub',
      ...options.connection,
    });
    let subscriber: Redis | null = null;
    try {
      subscriber = await createRedisConnection(url, {
        connectionName: 'sift-events-sub',
        ...options.connection,
      });
      const bus = new RedisEventBus(publisher, subscriber, channel, options);
      await subscriber.subscribe(channel);
      return bus;
    } catch (err) {
      publisher.disconnect();
      subscriber?.disconnect();
      throw err;
    }
  }

  publish(event: SiftEvent): void {
    if (this.closed) return;
    // Fire and forget: publishing must never fail the work that announces something.
    this.publisher
      .publish(this.channel, JSON.stringify(event))
      .catch((err: unknown) => this.options.onError?.(err));
  }

  subscribe(listener: (event: SiftEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops listening and closes both connections; events published afterwards are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }

  private deliver(message: string): void {
    let event: SiftEvent;
    try {
      event = JSON.parse(message) as SiftEvent;
    } catch (err) {
      this.options.onError?.(err);
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken listener (say, a closed socket) must not keep the event from the others.
        this.options.onListenerError?.(err);
      }
    }
  }
}
