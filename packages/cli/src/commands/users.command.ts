import type { Command } from 'commander';
import type { Account, Role } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, table } from '../output.js';
import { accountByEmail, allAccounts, parseRole, withRuntime } from './identity-lookup.js';
import { readPassword, type PasswordOptions } from './password-input.js';

interface AddOptions extends PasswordOptions {
  email: string;
  name?: string;
  role: string;
  json?: boolean;
}

/**
 * `sift users …`: accounts, managed by the machine's operator on the data dir (no server or sign-in needed):
 * add, list, set-role, disable, enable and passwd. Refusals exit 2 with their code, e.g. `[LAST_ADMIN]`.
 */
export function registerUsersCommand(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('manage accounts');

  users
    .command('add')
    .description('create an account (the first admin takes over the documents of the built-in local user)')
    .requiredOption('--email <email>', 'email the account signs in with')
    .option('--name <name>', 'display name (default: the email)')
    .option('--role <role>', 'admin, editor or viewer (least privilege by default)', 'viewer')
    .option('--password-stdin', 'read the password from stdin (keeps it out of shell history)')
    .option('--password <password>', 'the password (visible in shell history and to `ps`)')
    .option('--json', 'print JSON')
    .action(async (opts: AddOptions) => {
      const out = createOutput(Boolean(opts.json));
      const role = parseRole(opts.role);
      const password = await readPassword(opts);
      await withRuntime(ctx, async (runtime) => {
        const { account, firstAdmin } = await addAccount(runtime, { ...opts, role, password });
        out.result(account, () =>
          firstAdmin
            ? `Created the first admin ${account.email} (${account.id}); the documents of the built-in local user are now theirs.`
            : `Created ${account.role} ${account.email} (${account.id}).`,
        );
      });
    });

  users
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        const accounts = await allAccounts(runtime);
        out.result(accounts, () =>
          table(
            ['email', 'name', 'role', 'status', 'sign-in', 'last login', 'id'],
            accounts.map((a) => [
              a.email,
              a.displayName,
              a.role,
              a.isActive ? 'active' : 'disabled',
              signIn(a),
              a.lastLoginAt ?? '-',
              a.id,
            ]),
          ),
        );
      });
    });

  users
    .command('set-role')
    .description('change the role of an account (the last active admin cannot be demoted)')
    .argument('<email>', 'the account')
    .argument('<role>', 'admin, editor or viewer')
    .option('--json', 'print JSON')
    .action(async (email: string, roleName: string, opts: { json?: boolean }) => {
      const role = parseRole(roleName);
      await changeAccount(ctx, email, { role }, Boolean(opts.json), (a) => `${a.email} is now ${a.role}.`);
    });

  users
    .command('disable')
    .description('stop an account from signing in; ends its sign-ins (not the last active admin)')
    .argument('<email>', 'the account')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: { json?: boolean }) => {
      await changeAccount(
        ctx,
        email,
        { isActive: false },
        Boolean(opts.json),
        (a) => `${a.email} is disabled: its sign-ins ended and its API keys are refused.`,
      );
    });

  users
    .command('enable')
    .description('let a disabled account sign in again')
    .argument('<email>', 'the account')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: { json?: boolean }) => {
      await changeAccount(
        ctx,
        email,
        { isActive: true },
        Boolean(opts.json),
        (a) => `${a.email} is enabled.`,
      );
    });

  users
    .command('passwd')
    .description('set a new password for an account (its current one is not needed); ends its sign-ins')
    .argument('<email>', 'the account')
    .option('--password-stdin', 'read the password from stdin (keeps it out of shell history)')
    .option('--password <password>', 'the password (visible in shell history and to `ps`)')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: PasswordOptions & { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const password = await readPassword(opts);
      await withRuntime(ctx, async (runtime) => {
        const target = await accountByEmail(runtime, email);
        const account = await runtime.identity.accounts.resetPassword(
          runtime.identity.operator(),
          target.id,
          password,
        );
        out.result(account, () => `New password set for ${account.email}; its sign-ins ended.`);
      });
    });
}

/**
 * Creates the account. While no account can sign in, an admin is made through setup, which turns the built-in
 * local user into it: whatever was ingested before accounts existed stays reachable, now as that admin's.
 */
async function addAccount(
  runtime: SiftRuntime,
  input: { email: string; name?: string; role: Role; password: string },
): Promise<{ account: Account; firstAdmin: boolean }> {
  const { accounts } = runtime.identity;
  const displayName = input.name !== undefined ? { displayName: input.name } : {};
  if (await accounts.needsSetup()) {
    if (input.role === 'admin') {
      const account = await accounts.setup({ email: input.email, password: input.password, ...displayName });
      return { account, firstAdmin: true };
    }
    // Allowed, but only the first admin inherits the local user's documents; say so before it is too late.
    process.stderr.write(
      'sift: note: no admin exists yet; the first admin (sift users add --role admin) takes over the ' +
        'documents ingested so far only if it is created before any other account\n',
    );
  }
  const account = await accounts.create(runtime.identity.operator(), {
    email: input.email,
    role: input.role,
    password: input.password,
    ...displayName,
  });
  return { account, firstAdmin: false };
}

async function changeAccount(
  ctx: CliContext,
  email: string,
  patch: { role?: Role; isActive?: boolean },
  json: boolean,
  human: (account: Account) => string,
): Promise<void> {
  const out = createOutput(json);
  await withRuntime(ctx, async (runtime) => {
    const target = await accountByEmail(runtime, email);
    const account = await runtime.identity.accounts.update(runtime.identity.operator(), target.id, patch);
    out.result(account, () => human(account));
  });
}

function signIn(a: Account): string {
  if (a.hasPassword && a.externalId) return 'password, sso';
  if (a.hasPassword) return 'password';
  return a.externalId ? 'sso' : 'none';
}
