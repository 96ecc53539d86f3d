import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeSettings } from './config.js';

describe('README configuration table', () => {
  it('lists every SIFT_* variable with its current default and meaning', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    for (const s of describeSettings()) {
      expect(readme).toContain(`| \`${s.variable}\` | \`${s.default}\` | ${s.meaning} |`);
    }
  });
});
