import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from '@sift/config';
import { isAppError } from '@sift/core';
import { registerAskCommand } from './commands/ask.command.js';
import { registerAuditCommand } from './commands/audit.command.js';
import { registerBackupCommand } from './commands/backup.command.js';
import { registerEmbeddingsCommand } from './commands/embeddings.command.js';
import { registerEvalCommand } from './commands/eval.command.js';
import { registerGroupsCommand } from './commands/groups.command.js';
import { registerIngestCommand } from './commands/ingest.command.js';
import { registerKeysCommand } from './commands/keys.command.js';
import { registerMigrateCommand } from './commands/migrate.command.js';
import { registerMigrateDataCommand } from './commands/migrate-data.command.js';
import { registerRestoreCommand } from './commands/restore.command.js';
import { registerModelsCommand } from './commands/models.command.js';
import { registerSearchCommand } from './commands/search.command.js';
import { registerServeCommand } from './commands/serve.command.js';
import { registerStatsCommand } from './commands/stats.command.js';
import { registerStatusCommand } from './commands/status.command.js';
import { registerUsersCommand } from './commands/users.command.js';
import { registerWorkerCommand } from './commands/worker.command.js';

/** What every command receives: config parsed once, here, from the environment. */
export interface CliContext {
  config: () => Config;
}

/** Builds the `sift` program; exported for tests. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('sift')
    .description('Sift: document processing, semantic search and RAG, self-hosted')
    .version('0.1.0')
    .showHelpAfterError();
  registerServeCommand(program, ctx);
  registerWorkerCommand(program, ctx);
  registerMigrateCommand(program, ctx);
  registerMigrateDataCommand(program, ctx);
  registerStatusCommand(program, ctx);
  registerStatsCommand(program, ctx);
  registerIngestCommand(program, ctx);
  registerSearchCommand(program, ctx);
  registerEvalCommand(program, ctx);
  registerEmbeddingsCommand(program, ctx);
  registerAskCommand(program, ctx);
  registerUsersCommand(program, ctx);
  registerGroupsCommand(program, ctx);
  registerKeysCommand(program, ctx);
  registerAuditCommand(program, ctx);
  registerModelsCommand(program, ctx);
  registerBackupCommand(program, ctx);
  registerRestoreCommand(program, ctx);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let config: Config | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig(process.env)),
  };
  const program = buildProgram(ctx).exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError) {
      process.stderr.write(`sift: ${err.message}\n`);
      return 78; // EX_CONFIG
    }
    if (isAppError(err)) {
      process.stderr.write(`sift: ${err.message} [${err.code}]\n`);
      return err.category === 'system' || err.category === 'third_party' ? 1 : 2;
    }
    process.stderr.write(`sift: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
