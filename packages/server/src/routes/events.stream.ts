import type { LiveSend, LiveSubscription } from '@sift/core';

/** Why the server ends a live stream: it shuts down, or the credentials it opened with no longer hold. */
export type EndReason = 'shutdown' | 'credentials';

/** A client's open stream of live events, over either transport. */
export interface LiveStream {
  /** The stream's subscription to the feed. */
  readonly subscription: LiveSubscription;
  /** Ends the stream from the server's side; idempotent. */
  end(reason: EndReason): void;
}

/** How the transports pace a stream. */
export interface LiveStreamOptions {
  /** A comment (server-sent events) or a ping (WebSocket) this often keeps proxies from closing idle streams. */
  heartbeatMs: number;
  /** More than this waiting in the client's send buffer: the client is behind and events are dropped for it. */
  maxBufferedBytes: number;
}

/** Subscribes the stream's client to the feed with the transport's send function. */
export type Subscribe = (send: LiveSend) => LiveSubscription;
