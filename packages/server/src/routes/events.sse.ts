import type { FastifyReply, FastifyRequest } from 'fastify';
import { openEventStream } from './answer-stream.js';
import { serializeLiveMessage } from './events.schema.js';
import type { LiveStream, LiveStreamOptions, Subscribe } from './events.stream.js';

/**
 * Live events as server-sent events: every message is `id: <id>` and `data: <json>` (no `event:` name, so
 * `EventSource.onmessage` receives them all; the JSON says its `type`), with a comment line as heartbeat.
 * `onEnd` runs once, whoever ends the stream.
 */
export function streamServerSentEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  subscribe: Subscribe,
  options: LiveStreamOptions,
  onEnd: () => void,
): LiveStream {
  const out = openEventStream(request, reply);
  // `write` returning false only means the socket buffers more than its small high-water mark; the client is
  // behind when far more than that waits (the same limit as a WebSocket's bufferedAmount).
  const caughtUp = () => out.writableLength <= options.maxBufferedBytes;
  const subscription = subscribe((message) => {
    if (out.writableEnded || out.destroyed) throw new Error('the event stream is closed');
    out.write(`id: ${message.id}\ndata: ${serializeLiveMessage(message)}\n\n`);
    return caughtUp();
  });
  const heartbeat = setInterval(() => {
    if (caughtUp()) out.write(': heartbeat\n\n');
  }, options.heartbeatMs);
  heartbeat.unref();
  const onDrain = () => {
    if (caughtUp()) subscription.resume();
  };
  out.on('drain', onDrain);

  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    out.off('drain', onDrain);
    subscription.close();
    onEnd();
  };
  out.once('close', finish);
  return {
    subscription,
    end() {
      finish();
      out.end();
    },
  };
}
