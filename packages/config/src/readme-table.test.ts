import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withSettingsTable } from './settings-table.js';

describe('README configuration table', () => {
  it('is the table generated from the schema (run `npm run docs:config` after changing a setting)', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    expect(readme).toBe(withSettingsTable(readme));
  });
});
