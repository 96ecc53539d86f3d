import type { WebSocket } from 'ws';
import { serializeLiveMessage } from './events.schema.js';
import type { EndReason, LiveStream, LiveStreamOptions, Subscribe } from './events.stream.js';

/** Close codes: 1001 "going away" on shutdown; 4401 (an application code, after HTTP 401) for credentials. */
const CLOSE_CODES: Record<EndReason, number> = { shutdown: 1001, credentials: 4401 };
const CLOSE_REASONS: Record<EndReason, string> = {
  shutdown: 'the server is shutting down',
  credentials: 'the credentials expired or were revoked',
};
/** A client that does not answer the closing handshake within this is cut off (shutdown must not wait). */
const CLOSE_TIMEOUT_MS = 1000;
/** How often a client that fell behind is checked for having drained (ws has no drain event). */
const DRAIN_POLL_MS = 100;

/**
 * Live events over a WebSocket: one JSON text message per event; what the client sends is ignored. A ping
 * every heartbeat keeps proxies from closing the connection, and a client that has not answered the previous
 * ping is taken for gone. `onEnd` runs once, whoever ends the stream.
 */
export function serveWebSocket(
  socket: WebSocket,
  subscribe: Subscribe,
  options: LiveStreamOptions,
  onEnd: () => void,
): LiveStream {
  let drainPoll: ReturnType<typeof setInterval> | null = null;
  const caughtUp = () => socket.bufferedAmount <= options.maxBufferedBytes;
  const subscription = subscribe((message) => {
    if (socket.readyState !== socket.OPEN) throw new Error('the WebSocket is closed');
    socket.send(serializeLiveMessage(message));
    if (caughtUp()) return true;
    drainPoll ??= setInterval(() => {
      if (!caughtUp()) return;
      clearInterval(drainPoll!);
      drainPoll = null;
      subscription.resume();
    }, DRAIN_POLL_MS);
    return false;
  });

  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const heartbeat = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, options.heartbeatMs);
  heartbeat.unref();

  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    if (drainPoll) clearInterval(drainPoll);
    subscription.close();
    onEnd();
  };
  socket.once('close', finish);
  return {
    subscription,
    end(reason) {
      finish();
      if (socket.readyState === socket.CLOSED) return;
      socket.close(CLOSE_CODES[reason], CLOSE_REASONS[reason]);
      setTimeout(() => socket.terminate(), CLOSE_TIMEOUT_MS).unref();
    },
  };
}
