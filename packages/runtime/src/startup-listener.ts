import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Logger } from '@sift/core';
import type { StartupStatus } from './startup-status.js';
import { SIFT_VERSION } from './version.js';

/** The placeholder that answers while a node starts; `close` frees the port for the real listener. */
export interface StartupListener {
  close(): Promise<void>;
}

/** The stable code of every request but the probes while the node starts. */
export const STARTING_CODE = 'STARTING';

/**
 * Listens on the node's address while it waits for its backends, so that probes get an answer instead of a
 * refused connection: liveness (`/health`, `/health/live`) 200, readiness 503 with the backends still awaited
 * named, anything else 503 `STARTING` (retryable). Plain node:http: the API server needs the runtime, which is
 * what is being waited for. Every response closes its connection, so that no kept-alive client holds on to
 * the placeholder after the real server took the port.
 */
export async function startStartupListener(
  listener: { host: string; port: number },
  status: StartupStatus,
  logger: Logger,
): Promise<StartupListener> {
  const server: Server = createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    const send = (code: number, type: string, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(code, {
        'content-type': type,
        'cache-control': 'no-store',
        connection: 'close',
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    const probe = request.method === 'GET' || request.method === 'HEAD';
    if (probe && (pathname === '/health' || pathname === '/health/live')) {
      send(200, 'application/json; charset=utf-8', {
        status: 'ok',
        uptime_s: Math.round(process.uptime()),
        version: SIFT_VERSION,
      });
      return;
    }
    if (probe && pathname === '/health/ready') {
      void status.readiness().then((body) => send(503, 'application/json; charset=utf-8', body));
      return;
    }
    send(
      503,
      'application/problem+json',
      {
        type: `urn:sift:error:${STARTING_CODE}`,
        title: 'Service Unavailable',
        status: 503,
        detail: status.describe(),
        code: STARTING_CODE,
        instance: pathname,
        request_id: randomUUID(),
        retryable: true,
        waiting_for: status.waitingFor(),
      },
      { 'retry-after': '5' },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listener.port, listener.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err }, 'the start-up listener failed'));
  logger.info(
    { host: listener.host, port: listener.port },
    'answering probes while waiting for the backends (readiness 503 until started)',
  );
  return {
    close: () =>
      new Promise<void>((resolve) => {
        // The port is free once close() runs; requests in flight get their answers, but a client holding a
        // connection open must not delay the hand-over by more than a moment.
        const cut = setTimeout(() => server.closeAllConnections(), 500);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
