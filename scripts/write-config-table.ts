// Regenerates the configuration table in README.md from the config schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { withSettingsTable } from '../packages/config/src/settings-table.js';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, withSettingsTable(readFileSync(file, 'utf8')));
