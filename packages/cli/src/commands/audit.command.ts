import type { Command } from 'commander';
import { AppError, type AuditRecord } from '@sift/core';
import type { CliContext } from '../main.js';
import { createOutput, table } from '../output.js';
import { accountByEmail, allAccounts, withRuntime } from './identity-lookup.js';

interface AuditOptions {
  actor?: string;
  action?: string;
  entity?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

/** Most records one page of the trail holds (the store's own cap). */
const MAX_LIMIT = 500;

/** `sift audit`: the audit trail, newest first, filtered by who, what and since when. */
export function registerAuditCommand(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('show the audit trail, newest first')
    .option('--actor <email-or-id>', 'only what this account did')
    .option('--action <action>', 'only this action, e.g. user.create or api_key.revoke')
    .option('--entity <type>', 'only records about this kind of thing, e.g. user, group, api_key')
    .option('--since <iso>', 'only records at or after this time (ISO-8601)')
    .option('-n, --limit <n>', `at most this many records (1 to ${MAX_LIMIT})`, '50')
    .option('--json', 'print JSON')
    .action(async (opts: AuditOptions) => {
      const out = createOutput(Boolean(opts.json));
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        throw invalid(`--limit is a whole number from 1 to ${MAX_LIMIT} (got "${opts.limit}")`);
      }
      if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) {
        throw invalid(`--since is an ISO-8601 time, e.g. 2024-05-01T00:00:00Z (got "${opts.since}")`);
      }
      await withRuntime(ctx, async (runtime) => {
        // Records name actors by id; people type emails (an id works too).
        const actorUserId =
          opts.actor === undefined
            ? undefined
            : opts.actor.includes('@')
              ? (await accountByEmail(runtime, opts.actor)).id
              : opts.actor;
        const page = await runtime.identity.audit.list(runtime.identity.operator(), {
          limit,
          ...(actorUserId ? { actorUserId } : {}),
          ...(opts.action ? { action: opts.action } : {}),
          ...(opts.entity ? { entityType: opts.entity } : {}),
          ...(opts.since ? { from: new Date(opts.since).toISOString() } : {}),
        });
        const emails = new Map((await allAccounts(runtime)).map((a) => [a.id, a.email]));
        out.result(page.items, () => render(page.items, emails));
        if (page.nextCursor)
          out.info(`More records are older than these; raise --limit or narrow the filters.`);
      });
    });
}

function render(records: AuditRecord[], emails: ReadonlyMap<string, string>): string {
  if (records.length === 0) return 'No audit records.';
  return table(
    ['at', 'actor', 'action', 'entity', 'outcome', 'from'],
    records.map((r) => {
      const actor = r.actorUserId ? (emails.get(r.actorUserId) ?? r.actorUserId) : '-';
      return [
        r.at,
        r.actorKeyId ? `${actor} (key ${r.actorKeyId})` : actor,
        r.action,
        r.entityId ? `${r.entityType} ${r.entityId}` : r.entityType,
        r.outcome,
        r.ip ?? '-',
      ];
    }),
  );
}

function invalid(message: string): AppError {
  return new AppError('AUDIT_FILTER_INVALID', 'user', message);
}
