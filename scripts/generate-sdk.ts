/**
 * Regenerates packages/sdk/src/openapi.types.ts from the server's current OpenAPI document.
 * Run after changing a route's schema: `npm run sdk:generate`.
 */
import { writeFile } from 'node:fs/promises';
import { currentOpenApiDocument, renderSchemaTypes, SCHEMA_FILE } from '../packages/sdk/src/generate.tool.js';

const source = await renderSchemaTypes(await currentOpenApiDocument());
await writeFile(SCHEMA_FILE, source);
console.log(`wrote ${SCHEMA_FILE} (${source.length} characters)`);
