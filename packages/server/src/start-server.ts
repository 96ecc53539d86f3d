import type { SiftRuntime } from '@sift/runtime';
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from './app.js';

/** A listening server and where it listens. */
export interface StartedServer {
  server: FastifyInstance;
  /** E.g. `http://127.0.0.1:8080` (the real port when config.port is 0). */
  address: string;
}

/**
 * Builds the server and listens on config.host:config.port. Returns the server too, so that the caller can
 * install signal handlers and close it.
 */
export async function startServer(
  runtime: SiftRuntime,
  options: BuildServerOptions = {},
): Promise<StartedServer> {
  const server = await buildServer(runtime, options);
  try {
    const address = await server.listen({ host: runtime.config.host, port: runtime.config.port });
    return { server, address };
  } catch (err) {
    await server.close();
    throw err;
  }
}
