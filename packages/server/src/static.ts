import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DOCS_PATH, OPENAPI_PATH } from './openapi.js';

/** Where `npm run build -w @sift/web` puts the web UI. */
export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Vite puts content-hashed bundles here: a changed file gets a new name, so a copy never goes stale. */
const ASSETS_DIR = 'assets';
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The app shell must be revalidated on every load, or a browser would keep asking for deleted bundles. */
export const REVALIDATE_CACHE = 'no-cache';

/** Paths that are never the app: the API, probes, the API reference, and bundles that must 404 when gone. */
const NOT_THE_APP = ['/api', '/health', '/docs', `/${ASSETS_DIR}`];

/**
 * Serves the built web UI when it exists; until then a small page that says the server runs and points at
 * the API reference. This is the seam where the web UI plugs in.
 *
 * Files of the build are served as they are. A GET for anything else that a browser navigates to (it accepts
 * `text/html`) outside the API gets `index.html`, so that client-side routes (`/documents/…`) survive a
 * reload; every other miss stays a problem+json 404. Hashed bundles under `/assets` are cached for a year,
 * `index.html` is revalidated on every load.
 */
export async function registerWebUi(
  app: FastifyInstance,
  distDir: string = DEFAULT_WEB_DIST_DIR,
): Promise<void> {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(PLACEHOLDER_PAGE),
    );
    return;
  }
  const root = path.resolve(distDir);
  // serve: false — only `reply.sendFile`, with its own checks against traversal and dotfiles; the route below
  // decides between a file, the app shell and a 404.
  await app.register(fastifyStatic, {
    root,
    serve: false,
    setHeaders: (reply, filePath) => {
      const relative = path.relative(root, filePath);
      if (relative === 'index.html') reply.header('cache-control', REVALIDATE_CACHE);
      else if (relative.startsWith(ASSETS_DIR + path.sep)) reply.header('cache-control', IMMUTABLE_CACHE);
    },
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = pathnameOf(request);
    const file = pathname === null ? null : await fileOfBuild(root, pathname);
    if (file !== null) return reply.sendFile(file);
    if (pathname !== null && isAppRoute(request, pathname)) return reply.sendFile('index.html');
    return notFound(reply);
  });
}

function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

/** The decoded path of the request without its query; null when it cannot be decoded. */
function pathnameOf(request: FastifyRequest): string | null {
  const raw = request.url.split('?')[0]!;
  try {
    const decoded = decodeURIComponent(raw);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

/**
 * The path of a regular file of the build under `pathname`, relative to the root and URL-encoded; null for
 * anything else — directories, dotfiles, and paths that would leave the root.
 */
async function fileOfBuild(root: string, pathname: string): Promise<string | null> {
  const absolute = path.resolve(root, `.${pathname}`);
  if (!absolute.startsWith(root + path.sep)) return null;
  const relative = path.relative(root, absolute);
  if (relative.split(path.sep).some((segment) => segment.startsWith('.'))) return null;
  const info = await stat(absolute).catch(() => null);
  // sendFile takes a URL path, which it decodes again.
  return info?.isFile() ? relative.split(path.sep).map(encodeURIComponent).join('/') : null;
}

/** A browser navigation to a client-side route: `/`, or a page (accepts HTML) outside the reserved paths. */
function isAppRoute(request: FastifyRequest, pathname: string): boolean {
  if (pathname === '/') return true;
  if (pathname.startsWith('/openapi')) return false;
  if (NOT_THE_APP.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return false;
  return /\btext\/html\b/iu.test(request.headers.accept ?? '');
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
