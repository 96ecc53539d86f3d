import type { Command } from 'commander';
import { AppError, SCOPES, type Account, type ApiKeyRecord, type Collection, type Scope } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, table } from '../output.js';
import { accountByEmail, allAccounts, collect, withRuntime } from './identity-lookup.js';

interface CreateOptions {
  user: string;
  name: string;
  scope: string[];
  collection?: string[];
  expires?: string;
  rate?: string;
  json?: boolean;
}

/**
 * `sift keys …`: API keys of any account (the operator acts as admin), and rotation of the key that signs
 * access tokens. A new key's secret is printed once; only its hash is kept.
 */
export function registerKeysCommand(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('manage API keys and the token signing key');

  keys
    .command('create')
    .description('create an API key for an account; the key is shown only this once')
    .requiredOption('--user <email>', 'the account the key acts as')
    .requiredOption('--name <name>', 'what the key is for')
    .requiredOption('--scope <scope>', `${SCOPES.join(', ')} (repeatable; no wider than the role)`, collect)
    .option(
      '--collection <name-or-id>',
      'only this collection (repeatable; default: all it reaches)',
      collect,
    )
    .option('--expires <iso>', 'expiry time, ISO-8601 (default: never)')
    .option('--rate <n>', 'requests per minute (default: the server limit)')
    .option('--json', 'print JSON')
    .action(async (opts: CreateOptions) => {
      const out = createOutput(Boolean(opts.json));
      const rate = opts.rate === undefined ? null : parseRate(opts.rate);
      await withRuntime(ctx, async (runtime) => {
        const owner = await accountByEmail(runtime, opts.user);
        const collections = await Promise.all(
          (opts.collection ?? []).map((ref) => collectionByRef(runtime, owner, ref)),
        );
        const { record, key } = await runtime.identity.apiKeys.create(runtime.identity.operator(), {
          userId: owner.id,
          name: opts.name,
          scopes: opts.scope as Scope[],
          collectionIds: collections.length ? [...new Set(collections.map((c) => c.id))] : null,
          expiresAt: opts.expires ?? null,
          rateLimitPerMinute: rate,
        });
        out.result({ key, record }, () =>
          [
            `Created API key "${record.name}" (${record.id}) for ${owner.email}: ${record.scopes.join(', ')}; ` +
              `${collections.length ? `collections ${collections.map((c) => c.name).join(', ')}` : 'all collections'}` +
              `; ${record.expiresAt ? `expires ${record.expiresAt}` : 'no expiry'}.`,
            key,
          ].join('\n'),
        );
        out.info('This key is shown only now: store it safely. If it is lost, revoke it and create another.');
      });
    });

  keys
    .command('list')
    .description('list API keys (never their secrets)')
    .option('--user <email>', 'only the keys of this account')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        const operator = runtime.identity.operator();
        const list = opts.user
          ? await runtime.identity.apiKeys.list(operator, {
              userId: (await accountByEmail(runtime, opts.user)).id,
            })
          : await runtime.identity.apiKeys.list(operator, { all: true });
        const emails = new Map((await allAccounts(runtime)).map((a) => [a.id, a.email]));
        out.result(list, () =>
          list.length === 0
            ? 'No API keys.'
            : table(
                ['id', 'prefix', 'name', 'user', 'scopes', 'status', 'last used'],
                list.map((k) => [
                  k.id,
                  k.prefix,
                  k.name,
                  emails.get(k.userId) ?? k.userId,
                  k.scopes.join(','),
                  keyStatus(k),
                  k.lastUsedAt ?? '-',
                ]),
              ),
        );
      });
    });

  keys
    .command('revoke')
    .description('revoke an API key: it is refused from the next request on')
    .argument('<id>', 'the key id (see `sift keys list`)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        const record = await runtime.identity.apiKeys.revoke(runtime.identity.operator(), id);
        out.result(record, () => `Revoked API key "${record.name}" (${record.prefix}).`);
      });
    });

  keys
    .command('rotate-signing')
    .description('start signing access tokens with a new key')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        await runtime.identity.signer.rotate();
        await runtime.identity.audit.record(
          runtime.identity.operator(),
          { ip: null, userAgent: null, requestId: null },
          { action: 'auth.signing_key_rotate', entityType: 'signing_key' },
        );
        out.result({ rotated: true }, () =>
          [
            'Access tokens are now signed with a new key.',
            'Tokens signed before stay valid until they expire (15 minutes at most); API keys are not affected.',
            // The server reads the key file when it starts; it does not watch it.
            'A running `sift serve` keeps signing with the previous key until it is restarted.',
          ].join('\n'),
        );
      });
    });
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isInteger(rate) || rate < 1 || rate > 1_000_000) {
    throw new AppError(
      'API_KEY_INVALID_RATE',
      'user',
      `--rate is a whole number from 1 to 1000000 (got "${value}")`,
      {
        details: { rate: value },
      },
    );
  }
  return rate;
}

/**
 * A collection by id, or by name: the owner's collection of that name first, else the only one in the install
 * with it (collections are named per owner; what `sift ingest` made belongs to the operator, not the key's
 * owner). COLLECTION_NOT_FOUND when none matches, COLLECTION_AMBIGUOUS when several do.
 */
async function collectionByRef(runtime: SiftRuntime, owner: Account, ref: string): Promise<Collection> {
  const byId = await runtime.metadata.collections.get(ref);
  if (byId) return byId;
  const own = await runtime.metadata.collections.getByName(owner.id, ref);
  if (own) return own;
  const named = (await runtime.metadata.collections.listAll()).filter((c) => c.name === ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new AppError(
      'COLLECTION_AMBIGUOUS',
      'conflict',
      `${named.length} collections are named "${ref}"; give its id`,
      {
        details: { collection: ref, ids: named.map((c) => c.id) },
      },
    );
  }
  throw new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection "${ref}" does not exist`, {
    details: { collection: ref },
  });
}

function keyStatus(k: ApiKeyRecord): string {
  if (k.revokedAt) return `revoked ${k.revokedAt}`;
  if (k.expiresAt && k.expiresAt <= new Date().toISOString()) return `expired ${k.expiresAt}`;
  return k.expiresAt ? `expires ${k.expiresAt}` : 'active';
}
