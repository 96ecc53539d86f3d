import type { Command } from 'commander';
import { AppError, type Group } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, table } from '../output.js';
import { accountByEmail, allAccounts, collect, withRuntime } from './identity-lookup.js';

/** `sift groups …`: groups of accounts, which collections are shared with; named by name on the command line. */
export function registerGroupsCommand(program: Command, ctx: CliContext): void {
  const groups = program.command('groups').description('manage groups of accounts');

  groups
    .command('add')
    .description('create a group')
    .argument('<name>', 'the group name (unique)')
    .option('--member <email>', 'an account in the group (repeatable)', collect)
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { member?: string[]; json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        // Every email is checked before anything is created: a typo must not leave a half-made group.
        const members = await Promise.all((opts.member ?? []).map((e) => accountByEmail(runtime, e)));
        const group = await runtime.identity.accounts.createGroup(runtime.identity.operator(), name, [
          ...new Set(members.map((m) => m.id)),
        ]);
        out.result(
          group,
          () => `Created group ${group.name} (${group.id}) with ${group.memberIds.length} member(s).`,
        );
      });
    });

  groups
    .command('list')
    .description('list groups and their members')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        const list = await runtime.identity.accounts.listGroups(runtime.identity.operator());
        const emails = new Map((await allAccounts(runtime)).map((a) => [a.id, a.email]));
        out.result(list, () =>
          list.length === 0
            ? 'No groups.'
            : table(
                ['name', 'members', 'id'],
                list.map((g) => [
                  g.name,
                  g.memberIds.map((id) => emails.get(id) ?? id).join(', ') || '-',
                  g.id,
                ]),
              ),
        );
      });
    });

  groups
    .command('delete')
    .description('delete a group (its shares go with it; its members keep their accounts)')
    .argument('<name>', 'the group name')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        const group = await groupByName(runtime, name);
        await runtime.identity.accounts.deleteGroup(runtime.identity.operator(), group.id);
        out.result({ deleted: group }, () => `Deleted group ${group.name}.`);
      });
    });
}

/** The group with this name (unique regardless of case, as the store keeps them); GROUP_NOT_FOUND otherwise. */
async function groupByName(runtime: SiftRuntime, name: string): Promise<Group> {
  const list = await runtime.identity.accounts.listGroups(runtime.identity.operator());
  const wanted = name.trim().toLowerCase();
  const group = list.find((g) => g.name.toLowerCase() === wanted);
  if (!group) {
    throw new AppError('GROUP_NOT_FOUND', 'not_found', `no group is named ${name}`, { details: { name } });
  }
  return group;
}
