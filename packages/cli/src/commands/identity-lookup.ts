import { AppError, normaliseEmail, ROLES, type Account, type Role } from '@sift/core';
import { createLogger, createRuntime, type SiftRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';

/**
 * Opens the data dir's runtime (warnings only on stderr, so stdout stays the command's result), runs `fn`
 * with it and closes it, also when `fn` throws. The identity commands act on it as the machine's operator.
 */
export async function withRuntime<T>(ctx: CliContext, fn: (runtime: SiftRuntime) => Promise<T>): Promise<T> {
  const config = ctx.config();
  const logger = createLogger({ ...config, log: { ...config.log, level: 'warn' } }, process.stderr);
  const runtime = await createRuntime(config, { logger });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/**
 * The account with this email. People name accounts by email on the command line; the services take ids,
 * and have no by-email lookup because the HTTP API never needs one.
 */
export async function accountByEmail(runtime: SiftRuntime, email: string): Promise<Account> {
  const account = await runtime.metadata.identity.accounts.getByEmail(normaliseEmail(email));
  if (!account) {
    throw new AppError('USER_NOT_FOUND', 'not_found', `no account has the email ${email}`, {
      details: { email },
    });
  }
  return account;
}

/** Every account (the list is paged; the operator wants all of it). */
export async function allAccounts(runtime: SiftRuntime): Promise<Account[]> {
  const operator = runtime.identity.operator();
  const accounts: Account[] = [];
  let cursor: string | undefined;
  do {
    const page = await runtime.identity.accounts.list(operator, {
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    accounts.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return accounts;
}

/** Checks a role named on the command line. */
export function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new AppError('ROLE_INVALID', 'user', `a role is one of ${ROLES.join(', ')} (got "${value}")`, {
      details: { role: value },
    });
  }
  return value as Role;
}

/** Commander's collector for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
