import type { Command } from 'commander';
import { AppError, type SwapCheck, type SwapDecision, type VectorSpaceOverview } from '@sift/core';
import { swapCheckStatus } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, type Output } from '../output.js';
import { withRuntime } from './identity-lookup.js';

/**
 * `sift embeddings …`: the vector spaces on this data dir, and the operator's overrides of a switch to a new
 * embedding model that its check held (swap anyway, discard the new space, check again) and of the serving
 * space's hybrid fusion weight. The operator acts as admin; every change is audited like the admin API's.
 */
export function registerEmbeddingsCommand(program: Command, ctx: CliContext): void {
  const embeddings = program
    .command('embeddings')
    .description('vector spaces: why a switch to a new model waits, overrides, the fusion weight');

  embeddings
    .command('status')
    .description('the serving and configured vector spaces, the fusion weight and the latest switch check')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      await withRuntime(ctx, async (runtime) => {
        const overview = await runtime.embeddings.overview(runtime.identity.operator());
        const alpha = await runtime.search.service.hybridAlpha();
        out.result(
          { ...overview, check: overview.check && swapCheckStatus(overview.check), effectiveAlpha: alpha },
          () => describeOverview(overview, alpha),
        );
      });
    });

  const decisions = {
    swap: 'switch to the configured model’s space now (or once re-embedded), without its check',
    discard: 'drop the configured model’s space; searches keep the old one until a recheck',
    recheck: 're-embed what is missing, check the new space again and switch if it passes',
  } as const;
  for (const action of ['swap', 'discard', 'recheck'] as const) {
    embeddings
      .command(action)
      .description(decisions[action])
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }) => {
        const out = createOutput(Boolean(opts.json));
        await withRuntime(ctx, async (runtime) => {
          const decision = await runtime.embeddings[action](runtime.identity.operator());
          printDecision(out, action, decision);
        });
      });
  }

  embeddings
    .command('alpha')
    .description('set the serving space’s hybrid fusion weight (0 lexical … 1 vector)')
    .argument('<alpha>', 'a number from 0 to 1')
    .option('--note <text>', 'why (what it was measured on)')
    .option('--json', 'print JSON')
    .action(async (value: string, opts: { note?: string; json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const alpha = parseAlpha(value);
      await withRuntime(ctx, async (runtime) => {
        const profile = await runtime.embeddings.setHybridAlpha(runtime.identity.operator(), {
          alpha,
          note: opts.note ?? null,
        });
        out.result(
          profile,
          () => `Hybrid fusion weight of ${profile.spaceId} is now ${profile.hybridAlpha}.`,
        );
        if (runtime.config.search.alpha !== null) {
          out.info(`SIFT_HYBRID_ALPHA=${runtime.config.search.alpha} is set and overrides it.`);
        }
      });
    });
}

/** Parses a fusion weight given on the command line. */
export function parseAlpha(value: string): number {
  const alpha = Number(value);
  if (value.trim() === '' || !Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
    throw new AppError(
      'HYBRID_ALPHA_INVALID',
      'user',
      `the fusion weight is a number from 0 to 1, not "${value}"`,
    );
  }
  return alpha;
}

function describeOverview(o: VectorSpaceOverview, alpha: { alpha: number; source: string }): string {
  const lines = [
    `Serving   ${o.serving ?? 'none yet'}`,
    `Target    ${o.target ?? 'unknown (the configured model does not load here)'}`,
    `Fusion    α ${alpha.alpha} (${alpha.source === 'config' ? 'SIFT_HYBRID_ALPHA' : alpha.source})` +
      (o.profile?.note ? ` — ${o.profile.note}` : ''),
  ];
  if (o.check) lines.push('', ...describeCheck(o.check));
  else if (o.serving && o.target && o.serving !== o.target)
    lines.push('', 'Switch    re-embedding, not checked yet');
  return lines.join('\n');
}

function describeCheck(check: SwapCheck): string[] {
  const by = check.decidedBy ? ` by ${check.decidedBy} at ${check.decidedAt}` : ` at ${check.checkedAt}`;
  const lines = [`Switch    ${check.from ?? 'none'} → ${check.to}: ${check.status}${by}`];
  for (const reason of check.reasons) lines.push(`  - ${reason}`);
  const m = check.metrics;
  if (m) {
    lines.push(
      `  sample: ${m.recentQueries} recent queries, ${m.probes} probes; agreement ${m.agreement ?? '-'} ` +
        `(chance ${m.chanceAgreement ?? '-'}), distinct ${m.distinctNew}/${m.distinctReference}, ` +
        `self-recall ${m.selfRecallNew ?? '-'}/${m.selfRecallOld ?? '-'}`,
    );
  }
  if (check.status === 'held') {
    lines.push(
      '  `sift embeddings swap` switches anyway, `discard` drops the new space, `recheck` checks again.',
    );
  }
  return lines;
}

function printDecision(out: Output, action: 'swap' | 'discard' | 'recheck', d: SwapDecision): void {
  out.result({ ...d, check: swapCheckStatus(d.check) }, () => {
    const { from, to } = d.check;
    if (action === 'discard') return `Discarded ${to}; searches keep ${from}.`;
    if (d.switched) return `Switched from ${from} to ${to}.`;
    const task = d.taskId ? ` (task ${d.taskId})` : '';
    return action === 'swap'
      ? `${to} will serve as soon as its re-embedding completes${task}, without a check.`
      : `${to} will be re-embedded and checked again${task}; workers run it (\`sift serve\` or \`sift worker\`).`;
  });
}
