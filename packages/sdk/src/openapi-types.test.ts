import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { currentOpenApiDocument, renderSchemaTypes, SCHEMA_FILE } from './generate.tool.js';

describe('generated OpenAPI types', () => {
  it('match what the server serves now (run `npm run sdk:generate` after changing a route)', async () => {
    const expected = await renderSchemaTypes(await currentOpenApiDocument());
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    // A plain equality keeps the failure message short; the hint says how to mend it.
    expect(committed === expected, 'packages/sdk/src/openapi.types.ts is stale: npm run sdk:generate').toBe(
      true,
    );
  }, 120_000);
});
