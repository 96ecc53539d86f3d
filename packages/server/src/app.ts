import type { SiftLogger, SiftRuntime } from '@sift/runtime';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installErrorHandler } from './error-handler.js';
import { httpMetricsPlugin, metricsRoutes } from './metrics.plugin.js';
import { tracingPlugin } from './tracing.plugin.js';
import { registerOpenApi } from './openapi.js';
import { echoRequestId, genRequestId } from './request-id.js';
import { healthRoutes } from './routes/health.routes.js';
import { systemRoutes } from './routes/system.routes.js';
import { embeddingsRoutes } from './routes/embeddings.routes.js';
import { taskRoutes } from './routes/tasks.routes.js';
import { collectionRoutes } from './routes/collections.routes.js';
import { documentRoutes } from './routes/documents.routes.js';
import { folderRoutes } from './routes/folders.routes.js';
import { searchRoutes } from './routes/search.routes.js';
import { statsRoutes } from './routes/stats.routes.js';
import { analyticsRoutes } from './routes/analytics.routes.js';
import { backupRoutes } from './routes/backups.routes.js';
import { chatRoutes } from './routes/chat.routes.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';
import { eventRoutes, type LiveEventsOptions } from './routes/events.routes.js';
import { registerWebUi } from './static.js';
import { authPlugin } from './auth/auth.plugin.js';
import { authRoutes } from './routes/auth.routes.js';
import { oidcRoutes } from './routes/oidc.routes.js';
import { keyRoutes } from './routes/keys.routes.js';
import { shareRoutes } from './routes/shares.routes.js';
import { userRoutes } from './routes/users.routes.js';
import { securityPlugin } from './security/security.plugin.js';
import type { SharedCounters } from './security/rate-limit.js';

/** Options of buildServer (and startServer). */
export interface BuildServerOptions {
  /** true or absent: the runtime's logger; false: no request logs; a pino logger: that one. */
  logger?: boolean | SiftLogger;
  /** Directory of the built web UI; defaults to `packages/web/dist`. */
  webDistDir?: string;
  /** Tuning of `GET /api/v1/events` (replay buffer, heartbeat, credential recheck); tests shorten it. */
  liveEvents?: LiveEventsOptions;
}

/**
 * The HTTP API over a runtime, ready to listen (or to `inject` into). It does not start workers or listen:
 * the entry point decides both.
 */
export async function buildServer(
  runtime: SiftRuntime,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  // Typed as Fastify's base logger so that the instance is the plain FastifyInstance plugins expect.
  const loggerInstance: FastifyBaseLogger = chooseLogger(runtime, options.logger);
  const app = Fastify({
    loggerInstance,
    // The header is read by genRequestId, which validates it first.
    requestIdHeader: false,
    genReqId: genRequestId,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Behind a reverse proxy: the client's address (audit, rate limits) and TLS (Secure cookies) come from
    // X-Forwarded-*, believed only from the proxies SIFT_TRUST_PROXY names.
    trustProxy: runtime.config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  echoRequestId(app);
  installErrorHandler(app, { onStorageFailure: (err) => runtime.health.noteStorageFailure(err) });

  // Before the other plugins: their hooks (authentication, rate limits) and the routes run inside the request span.
  await app.register(tracingPlugin, { tracer: runtime.telemetry.tracer });
  // First: its headers (helmet, CORS) are set in onRequest before authentication can refuse, and it must see
  // every route (the API reference too) to attach the body limit; its rate limit runs after authentication.
  const { corsOrigins, rateLimitPerMinute } = runtime.config.auth;
  const { counters } = runtime.stores;
  await app.register(securityPlugin, {
    corsOrigins,
    rateLimitPerMinute,
    ...(counters ? { sharedCounters: { redis: counters as SharedCounters['redis'] } } : {}),
  });
  // Live events upgrade to a WebSocket when asked; clients send nothing but control frames, hence the small cap.
  // Before authentication: its onRequest hook marks upgrade requests, and only a marked one that is refused
  // (401) gets its socket destroyed afterwards — else the socket would keep `close()` waiting.
  await app.register(websocket, {
    options: { maxPayload: 4096 },
    errorHandler: (err, socket, request) => {
      // A client that vanishes mid-frame is normal for long-lived connections, not a server error.
      request.log.info({ err }, 'a WebSocket failed');
      socket.terminate();
    },
    // The default closes without a code; 1001 tells clients that the server is going away (reconnect later).
    // The live event streams cut off clients that do not finish the closing handshake.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, 'the server is shutting down');
      done();
    },
  });
  // Before the routes, so its response hook sees every one of them.
  await app.register(httpMetricsPlugin, { runtime });
  await registerOpenApi(app);
  // Before any route: it checks at registration that every API route declares its permission.
  await app.register(authPlugin, { runtime });
  await app.register(healthRoutes, { runtime });
  await app.register(authRoutes, { runtime, prefix: '/api/v1' });
  await app.register(oidcRoutes, { runtime, prefix: '/api/v1' });
  await app.register(userRoutes, { runtime, prefix: '/api/v1' });
  await app.register(keyRoutes, { runtime, prefix: '/api/v1' });
  await app.register(shareRoutes, { runtime, prefix: '/api/v1' });
  await app.register(taskRoutes, { runtime, prefix: '/api/v1' });
  await app.register(systemRoutes, { runtime, prefix: '/api/v1' });
  await app.register(embeddingsRoutes, { runtime, prefix: '/api/v1' });
  await app.register(documentRoutes, { runtime, prefix: '/api/v1' });
  await app.register(collectionRoutes, { runtime, prefix: '/api/v1' });
  await app.register(folderRoutes, { runtime, prefix: '/api/v1' });
  await app.register(searchRoutes, { runtime, prefix: '/api/v1' });
  await app.register(statsRoutes, { runtime, prefix: '/api/v1' });
  await app.register(analyticsRoutes, { runtime, prefix: '/api/v1' });
  await app.register(backupRoutes, { runtime, prefix: '/api/v1' });
  await app.register(chatRoutes, { runtime, prefix: '/api/v1' });
  await app.register(notificationRoutes, { runtime, prefix: '/api/v1' });
  await app.register(webhookRoutes, { runtime, prefix: '/api/v1' });
  await app.register(eventRoutes, { runtime, prefix: '/api/v1', live: options.liveEvents ?? {} });
  await app.register(metricsRoutes, { runtime });
  await registerWebUi(app, options.webDistDir);
  await app.ready();
  // Readiness and intake answer from checks kept fresh in the background (stopped by runtime.close()).
  runtime.health.start();
  return app;
}

function chooseLogger(runtime: SiftRuntime, logger: BuildServerOptions['logger']): SiftLogger {
  if (logger === false) return runtime.logger.child({}, { level: 'silent' });
  if (logger === true || logger === undefined) return runtime.logger;
  return logger;
}
