import { LiveEventFeed } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../auth/permissions.js';
import { checkWebSocketOrigin } from '../auth/websocket-origin.js';
import { EventsQuerySchema, LiveEventSchema } from './events.schema.js';
import { streamServerSentEvents } from './events.sse.js';
import type { LiveStream, LiveStreamOptions, Subscribe } from './events.stream.js';
import { serveWebSocket } from './events.websocket.js';

/** Tuning of the live events; the defaults suit production, tests shorten the intervals. */
export interface LiveEventsOptions {
  /** Events a reconnecting client can catch up on (default 1,000). */
  replaySize?: number;
  /** Heartbeat of every stream (default 15 s). */
  heartbeatMs?: number;
  /** How often a stream checks that its credentials still hold and re-resolves its access (default 60 s). */
  recheckMs?: number;
  /** Send buffer over which a client is behind (default 1 MiB). */
  maxBufferedBytes?: number;
}

const HeadersSchema = z.object({
  'last-event-id': z
    .string()
    .max(100)
    .optional()
    .describe('Resume after this event; browsers send it when an EventSource reconnects'),
});

/**
 * `GET /api/v1/events`: the live events the caller may see, as a WebSocket when the request upgrades and as
 * server-sent events otherwise. One feed per process (see LiveEventFeed): it numbers and buffers events for
 * replay from the moment the server is built. Access is resolved when a stream opens and again every
 * `recheckMs`: a stream whose credentials expired or were revoked (sign-out, a revoked key, a disabled
 * account) is ended, and new or withdrawn shares apply from the next check on. Every stream ends on shutdown.
 */
export const eventRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime; live?: LiveEventsOptions }> = async (
  app,
  { runtime, live = {} },
) => {
  const feed = new LiveEventFeed(runtime.events, {
    replaySize: live.replaySize,
    onSendError: (err) => app.log.debug({ err }, 'a live event stream failed'),
  });
  const pacing: LiveStreamOptions = {
    heartbeatMs: live.heartbeatMs ?? 15_000,
    maxBufferedBytes: live.maxBufferedBytes ?? 1024 ** 2,
  };
  const recheckMs = live.recheckMs ?? 60_000;
  const streams = new Set<LiveStream>();
  const { identity } = runtime;

  // Before the server stops listening: open streams would otherwise keep `close()` waiting for their clients.
  app.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.end('shutdown');
  });
  app.addHook('onClose', async () => feed.close());

  /** Subscribes the request's principal, resuming where the header (an EventSource reconnecting) or the query says. */
  const subscriberOf = (request: FastifyRequest): Subscribe => {
    const access = accessOf(request);
    const header = request.headers['last-event-id'];
    const query = (request.query as z.infer<typeof EventsQuerySchema>).last_event_id;
    const lastEventId = (typeof header === 'string' ? header : null) ?? query ?? null;
    return (send) => feed.subscribe(access, { lastEventId }, send);
  };

  /** Keeps a stream until it ends, for shutdown, and rechecks its credentials meanwhile. */
  const keep = (request: FastifyRequest, open: (onEnd: () => void) => LiveStream): void => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const stream = open(() => {
      if (timer) clearInterval(timer);
      streams.delete(stream);
    });
    streams.add(stream);
    if (!identity.enabled) return;
    timer = setInterval(() => void recheck(request, stream), recheckMs);
    timer.unref();
  };

  async function recheck(request: FastifyRequest, stream: LiveStream): Promise<void> {
    try {
      const principal = await app.authenticateRequest(request);
      const access = principal && (await identity.access.resolve(principal));
      if (!access?.has('read')) return stream.end('credentials');
      stream.subscription.setAccess(access);
    } catch (err) {
      request.log.debug({ err }, 'the credentials of a live event stream no longer hold');
      stream.end('credentials');
    }
  }

  app.route({
    method: 'GET',
    url: '/events',
    schema: {
      'x-permission': 'read',
      tags: ['events'],
      summary: 'Live events (WebSocket, or server-sent events)',
      description:
        'What happens to the tasks, documents and sources the caller may see, as it happens: a WebSocket ' +
        'when the request upgrades (one JSON `LiveEvent` per message), `text/event-stream` otherwise (`id:` ' +
        'and `data:` lines, a comment as heartbeat every 15 s). Buffered events after `Last-Event-ID` (or ' +
        '`last_event_id`) are replayed first, then `ready`; a `resync` asks the client to refetch what it ' +
        'shows. A cookie-authenticated WebSocket must come from the server’s own origin or a listed CORS ' +
        'origin. Streams end when the credentials expire or are revoked (WebSocket close code 4401) and on ' +
        'shutdown (1001); reconnect with the last id to miss nothing.',
      querystring: EventsQuerySchema,
      headers: HeadersSchema,
      response: {
        200: {
          description: 'A stream of LiveEvent messages',
          content: { 'text/event-stream': { schema: LiveEventSchema } },
        },
      },
    },
    preHandler: async (request) => {
      if (request.ws) checkWebSocketOrigin(request, runtime.config.auth.corsOrigins);
    },
    handler: (request, reply) => {
      const subscribe = subscriberOf(request);
      keep(request, (onEnd) => streamServerSentEvents(request, reply, subscribe, pacing, onEnd));
    },
    wsHandler: (socket, request) => {
      const subscribe = subscriberOf(request);
      keep(request, (onEnd) => serveWebSocket(socket, subscribe, pacing, onEnd));
    },
  });
};
