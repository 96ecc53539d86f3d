import type { Command } from 'commander';
import {
  AnalyticsService,
  AppError,
  type AnalyticsQuery,
  type DocumentAnalytics,
  type QuestionAnalytics,
  type SearchAnalytics,
  type UserAnalytics,
} from '@sift/core';
import { createLogger, createRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, table } from '../output.js';

interface StatsOptions {
  days?: string;
  from?: string;
  to?: string;
  top: string;
  json?: boolean;
}

/** Everything `sift stats` prints. */
export interface StatsReport {
  documents: DocumentAnalytics;
  search: SearchAnalytics;
  questions: QuestionAnalytics;
  users: UserAnalytics;
}

/**
 * `sift stats`: usage analytics of the data dir — uploads and processing by type and stage, searches and their
 * latency per mode, top and zero-result queries, questions and their not-found rate, active users. The CLI is
 * the operator, so everyone's figures.
 */
export function registerStatsCommand(program: Command, ctx: CliContext): void {
  program
    .command('stats')
    .description('show usage analytics: uploads, processing times, searches, questions, active users')
    .option('-d, --days <n>', 'the last N days, today included (default 30)')
    .option('--from <day>', 'first day, YYYY-MM-DD (UTC), instead of --days')
    .option('--to <day>', 'last day, YYYY-MM-DD (UTC), instead of --days')
    .option('-n, --top <n>', 'queries and users to list', '10')
    .option('--json', 'print JSON')
    .action(async (opts: StatsOptions) => {
      const out = createOutput(Boolean(opts.json));
      const query: AnalyticsQuery = {
        top: whole(opts.top, '--top'),
        ...(opts.days !== undefined ? { days: whole(opts.days, '--days') } : {}),
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        ...(opts.to !== undefined ? { to: opts.to } : {}),
      };
      const config = ctx.config();
      const runtime = await createRuntime(config, {
        logger: createLogger({ ...config, log: { ...config.log, level: 'warn' } }, process.stderr),
      });
      try {
        const analytics = new AnalyticsService(runtime.metadata);
        const access = runtime.identity.operator();
        const [documents, search, questions, users] = await Promise.all([
          analytics.documents(access, query),
          analytics.search(access, query),
          analytics.questions(access, query),
          analytics.users(access, query),
        ]);
        const report: StatsReport = { documents, search, questions, users };
        out.result(report, () => renderStats(report));
      } finally {
        await runtime.close();
      }
    });
}

/** A whole number ≥ 1 from an option; anything else is STATS_OPTION_INVALID (exit code 2), naming it. */
function whole(value: string, option: string): number {
  if (!/^\d+$/u.test(value) || Number(value) < 1) {
    throw new AppError('STATS_OPTION_INVALID', 'user', `${option} must be a whole number of at least 1`, {
      details: { option, value },
    });
  }
  return Number(value);
}

const ms = (value: number | null) => (value === null ? '-' : String(value));
const percent = (part: number, whole: number) =>
  whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

/** The human rendering: one section per view, tables where there are rows. */
export function renderStats({ documents: d, search: s, questions: q, users: u }: StatsReport): string {
  const lastDay = new Date(Date.parse(d.to) - 1).toISOString().slice(0, 10);
  const lines = [`Usage ${d.from.slice(0, 10)} to ${lastDay} (${d.days} days, UTC)`, ''];

  lines.push(`Documents  ${d.uploaded} uploaded, ${d.processed} processed, ${d.failed} failed`);
  if (d.byType.length > 0) {
    lines.push(
      indent(
        table(
          ['type', 'uploaded', 'processed', 'failed'],
          d.byType.map((t) => [t.typeFamily, t.uploaded, t.processed, t.failed]),
        ),
      ),
    );
  }
  if (d.stages.some((stage) => stage.count > 0)) {
    lines.push(
      '',
      indent(
        table(
          ['stage', 'documents', 'p50 ms', 'p95 ms'],
          d.stages.filter((st) => st.count > 0).map((st) => [st.stage, st.count, ms(st.p50), ms(st.p95)]),
        ),
      ),
    );
  }

  lines.push(
    '',
    `Search  ${s.searches} searches, ${s.zeroResults} without hits (${percent(s.zeroResults, s.searches)}), ` +
      `p50 ${ms(s.latencyMs.p50)} ms, p95 ${ms(s.latencyMs.p95)} ms`,
  );
  if (s.byMode.length > 0) {
    lines.push(
      indent(
        table(
          ['mode', 'searches', 'no hits', 'p50 ms', 'p95 ms'],
          s.byMode.map((m) => [m.mode, m.count, m.zeroResults, ms(m.p50), ms(m.p95)]),
        ),
      ),
    );
  }
  if (s.topQueries.length > 0) {
    lines.push(
      '',
      '  Top queries',
      indent(indent(s.topQueries.map((x) => `${x.count}  ${x.query}`).join('\n'))),
    );
  }
  if (s.zeroResultQueries.length > 0) {
    lines.push(
      '',
      '  Queries without hits',
      indent(indent(s.zeroResultQueries.map((x) => `${x.count}  ${x.query}`).join('\n'))),
    );
  }

  lines.push(
    '',
    `Questions  ${q.asked} asked, ${q.notFound} not found (${percent(q.notFound, q.asked)}), ` +
      `answer p50 ${ms(q.latencyMs.p50)} ms, p95 ${ms(q.latencyMs.p95)} ms`,
    '',
    `Active users  ${u.total} in the range, ${u.weekly} in its last 7 days`,
  );
  if (u.top.length > 0) {
    lines.push(
      indent(
        table(
          ['user', 'searches', 'questions', 'uploads', 'last active'],
          u.top.map((x) => [x.username ?? x.userId, x.searches, x.questions, x.uploads, x.lastActiveAt]),
        ),
      ),
    );
  }
  return lines.join('\n');
}
