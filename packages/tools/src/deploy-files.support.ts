import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';

// Helpers of deploy-files.test.ts: reading the deployment files as Docker Compose, Caddy and Docker read them.

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const readRepoFile = (relative: string): string => readFileSync(path.join(repoRoot, relative), 'utf8');

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The file as Compose sees it before interpolation: YAML with merge keys (`<<: *anchor`) resolved. */
export function parseCompose(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

const require = createRequire(import.meta.url);

/**
 * Validates against the Compose Specification's JSON schema (compose-spec/compose-spec, schema/compose-spec.json),
 * in the copy the dclint package ships. Returns ajv's errors, or [] when the file is valid.
 */
export function composeSchemaErrors(doc: unknown): ErrorObject[] {
  const schemaPath = path.join(
    path.dirname(require.resolve('dclint/package.json')),
    'schemas/compose.schema.json',
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  // The schema names draft-07 by its https address; ajv knows the same meta-schema under the http one.
  const draft7 = require('ajv/dist/refs/json-schema-draft-07.json') as Record<string, unknown>;
  ajv.addMetaSchema({ ...draft7, $id: 'https://json-schema.org/draft-07/schema' });
  const validate = ajv.compile(schema);
  return validate(doc) ? [] : (validate.errors ?? []);
}

/**
 * Compose's interpolation of one string: `$$` is a literal `$`; `${VAR}`, `$VAR`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?message}` and `${VAR?message}` as in the Compose Specification. A required variable
 * that is missing throws its message, as `docker compose` stops with it.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, dollar?: string, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
      if (dollar) return '$';
      const variable = (name ?? bare)!;
      const raw = env[variable];
      const missing = colon ? raw === undefined || raw === '' : raw === undefined;
      if (!missing) return raw!;
      if (op === '?') throw new Error(`required variable ${variable} is missing a value: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    },
  );
}

/** Every string of a parsed Compose file interpolated (keys stay as written, as in Compose). */
export function interpolateAll<T>(node: T, env: Record<string, string | undefined>): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((n: unknown) => interpolateAll(n, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, env)])) as T;
  }
  return node;
}

/** The instructions of each stage of a Dockerfile, continuation lines joined, comments dropped. */
export function dockerfileStages(text: string): { from: string; instructions: string[] }[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: { from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) stages.push({ from: line, instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

/**
 * The Debian packages scripts/setup-system.sh installs for Sift itself: its `wanted` list less the entries whose
 * comment says they serve the tests.
 */
export function runtimeSystemPackages(setupScript: string): string[] {
  const list = /wanted=\(([\s\S]*?)\n\)/.exec(setupScript)?.[1] ?? '';
  return list
    .split('\n')
    .map((line) => /^\s*([a-z0-9.+-]+)\s*(?:#\s*(.*))?$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !(m[2] ?? '').startsWith('tests:'))
    .map((m) => m[1]!);
}
