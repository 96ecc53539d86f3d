import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DOCS_PATH, OPENAPI_PATH } from './openapi.js';

/** Where `npm run build -w @sift/web` puts the web UI. */
export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Serves the built web UI at `/` when it exists; until then a small page that says the server runs and
 * points at the API reference. This is the seam where the web UI plugs in.
 */
export async function registerWebUi(
  app: FastifyInstance,
  distDir: string = DEFAULT_WEB_DIST_DIR,
): Promise<void> {
  if (existsSync(path.join(distDir, 'index.html'))) {
    // Unknown paths fall through to the not-found handler (problem+json). Once the web UI has client-side
    // routes, they will need an index.html fallback here.
    await app.register(fastifyStatic, { root: distDir, prefix: '/' });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PLACEHOLDER_PAGE),
  );
}

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sift</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head>
<body>
<h1>Sift is running</h1>
<p>The web interface is not built yet. The HTTP API is available now:</p>
<ul>
<li><a href="${DOCS_PATH}">API reference</a></li>
<li><a href="${OPENAPI_PATH}">OpenAPI document</a></li>
<li><a href="/health/ready">Readiness</a></li>
</ul>
</body>
</html>
`;
