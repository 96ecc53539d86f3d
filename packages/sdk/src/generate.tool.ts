import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@sift/config';
import { createRuntime } from '@sift/runtime';
import { buildServer } from '@sift/server';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

/** The committed output: what the client and the web UI compile against. */
export const SCHEMA_FILE = fileURLToPath(new URL('./openapi.types.ts', import.meta.url));

const HEADER =
  "// Generated from the server's OpenAPI document by `npm run sdk:generate`. Do not edit by hand:\n" +
  '// packages/sdk/src/openapi-types.test.ts fails when this file differs from what the server serves.\n\n';

/**
 * The OpenAPI document exactly as the server serves it: built over a throwaway data dir, never listening.
 * Generating from the live route schemas (not a copy) is what keeps the SDK from drifting.
 */
export async function currentOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sift-sdk-'));
  const runtime = await createRuntime(
    loadConfig({ SIFT_DATA_DIR: dataDir, SIFT_LOG_LEVEL: 'silent', SIFT_AUTH: 'on' }),
  );
  try {
    const app = await buildServer(runtime, { logger: false });
    try {
      await app.ready();
      return withSortedComponents(app.swagger() as unknown as Record<string, unknown>);
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Named schemas are listed in the order their modules registered them, which differs between loaders
 * (tsx for `sdk:generate`, vitest for the staleness test): sort them so both render the same file.
 */
function withSortedComponents(document: Record<string, unknown>): Record<string, unknown> {
  const components = document.components as { schemas?: Record<string, unknown> } | undefined;
  if (!components?.schemas) return document;
  const schemas = Object.fromEntries(
    Object.entries(components.schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { ...document, components: { ...components, schemas } };
}

/** TypeScript types of every path, operation and schema of the document, formatted like the repo. */
export async function renderSchemaTypes(document: Record<string, unknown>): Promise<string> {
  // openapi-typescript's own type wants its OpenAPI3 shape; the document came from the same generator family.
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    // Fields with server defaults are always present in responses: keep them non-optional there.
    defaultNonNullable: true,
  });
  const source = HEADER + astToString(ast);
  const options = await prettier.resolveConfig(SCHEMA_FILE);
  return prettier.format(source, { ...options, filepath: SCHEMA_FILE });
}
