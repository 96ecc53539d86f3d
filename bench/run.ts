// `npm run bench`: runs every benchmark in this folder, each in its own process (so one's memory and JIT
// state cannot colour another's), each printing one JSON line of figures. Pass names to run a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

let failed = 0;
for (const file of benches) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    failed += 1;
    console.error(`bench ${file} exited with ${run.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
