import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@sift/core';
import type { MetricsExposition } from './metrics.js';

/** A running metrics listener. */
export interface MetricsListener {
  /** E.g. `http://127.0.0.1:9464` (the real port when configured as 0). */
  url: string;
  close(): Promise<void>;
}

/**
 * The separate `/metrics` listener (SIFT_METRICS_HOST:SIFT_METRICS_PORT): plain HTTP without authentication,
 * for a scraper on a private network, and the only way to scrape `sift worker` (which serves no API). Only
 * `GET /metrics` answers; everything else is 404 so the port reveals nothing else. Returns null when no
 * listener is configured or metrics are off.
 */
export async function startMetricsListener(
  exposition: MetricsExposition | null,
  listener: { host: string; port: number } | null,
  logger: Logger,
): Promise<MetricsListener | null> {
  if (!exposition || !listener) return null;
  const server: Server = createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0];
    if (pathname !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    exposition.render().then(
      (text) => {
        response.writeHead(200, { 'content-type': exposition.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        logger.error({ err }, 'rendering metrics failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  // Scrapers keep connections alive; closing must not wait for them.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listener.port, listener.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err }, 'the metrics listener failed'));
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  logger.info({ url: `${url}/metrics` }, 'metrics listener started');
  return {
    url,
    close: async () => {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
