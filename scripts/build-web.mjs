#!/usr/bin/env node
// Builds the web UI (packages/web/dist) when it is missing or older than its sources, so that the README's
// `npm install && npm start` always serves a current UI. `--force` builds regardless.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'packages/web');
const builtIndex = path.join(web, 'dist/index.html');
const sources = [
  path.join(web, 'src'),
  path.join(web, 'public'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(web, 'package.json'),
  path.join(root, 'packages/sdk/src'),
];

function newest(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(entry)) max = Math.max(max, newest(path.join(entry, name)));
  return max;
}

const force = process.argv.includes('--force');
const built = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
if (!force && built > 0 && built >= Math.max(...sources.map(newest))) process.exit(0);

if (!existsSync(path.join(root, 'node_modules/vite'))) {
  console.error('build-web: vite is not installed (run npm install); serving without rebuilding the UI');
  process.exit(0);
}
console.log('build-web: building the web UI…');
const run = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: web,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
