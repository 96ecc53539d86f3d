import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

/**
 * The installed version of an npm package, read once from its package.json, for `ExtractedText.extractor`.
 * Packages whose `exports` hide `package.json` are found by walking up from their entry point.
 */
export function libraryVersion(name: string): string {
  const known = cache.get(name);
  if (known) return known;
  const version = readVersion(name);
  cache.set(name, version);
  return version;
}

function readVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    // `exports` without ./package.json: walk up from the resolved entry to the package's own manifest.
  }
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
