import type { Command } from 'commander';
import { createLogger, createRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput } from '../output.js';

/** `sift migrate`: applies pending schema migrations and reports them. */
export function registerMigrateCommand(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (serve and worker also do this at start)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const config = ctx.config();
      const runtime = await createRuntime(config, {
        logger: createLogger({ ...config, log: { ...config.log, level: 'warn' } }),
        migrate: false,
      });
      try {
        const result = await runtime.metadata.migrate();
        out.result(result, () =>
          result.applied.length === 0
            ? `Schema is current (version ${result.version}).`
            : result.applied
                .map((m) => `applied ${String(m.version).padStart(3, '0')} ${m.name}`)
                .join('\n') + `\nSchema is now at version ${result.version}.`,
        );
      } finally {
        await runtime.close();
      }
    });
}
