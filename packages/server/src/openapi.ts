import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { SIFT_VERSION } from '@sift/runtime';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** The OpenAPI 3.1 document. */
export const OPENAPI_PATH = '/api/openapi.json';
/** The browsable API reference (Swagger UI). */
export const DOCS_PATH = '/api/docs';

/** The generated document, as far as pruning needs to see it. */
interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown> };
}

/**
 * Generates the OpenAPI 3.1 document from the zod schemas of the routes (so it cannot drift from what the
 * server validates) and serves a Swagger UI whose assets ship in the package (the reference works offline).
 * Register before any route: the generator collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sift API',
        version: SIFT_VERSION,
        description:
          'Self-hosted document search and RAG. Errors are `application/problem+json` (see Problem).',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An access token from POST /api/v1/auth/login, or an API key `sift_…`',
          },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'sift_access',
            description: 'Browsers: the sign-in cookie (send x-csrf-token on changes)',
          },
        },
      },
      tags: [
        { name: 'auth', description: 'Sign-in and first-run setup' },
        { name: 'users', description: 'Accounts and groups' },
        { name: 'api-keys', description: 'API keys' },
        { name: 'audit', description: 'The audit trail' },
        { name: 'tasks', description: 'Background work' },
        { name: 'system', description: 'Operations' },
        { name: 'health', description: 'Probes' },
      ],
    },
    transform: jsonSchemaTransform,
    // Schemas with a zod `meta({ id })` become components, referenced instead of repeated.
    transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input)),
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    uiConfig: { url: OPENAPI_PATH, deepLinking: true },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}

/**
 * The zod provider emits an input and an output variant of every named schema (`TaskInput`, `Task`); drops
 * the components that nothing references, directly or through another used component.
 */
function withoutUnusedSchemas<D extends object>(doc: D): D {
  const components = (doc as OpenApiDocument).components;
  const schemas = components?.schemas;
  if (!schemas) return doc;
  const refsIn = (value: unknown) =>
    [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const used = new Set<string>();
  const pending = refsIn({ ...doc, components: { ...components, schemas: {} } });
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...doc, components: { ...components, schemas: kept } };
}
