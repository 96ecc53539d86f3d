import { readFileSync } from 'node:fs';

/**
 * The version of this Sift build, shown by `/health`, the OpenAPI document and `sift --version`. Read from
 * the package manifest once at import, so that a release only bumps package.json.
 */
export const SIFT_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
