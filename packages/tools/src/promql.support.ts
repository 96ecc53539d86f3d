import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { PrometheusMetrics } from '@sift/adapter-prometheus';
import { METRIC_CATALOG, type MetricDefinition } from '@sift/core';
import { stringify } from 'yaml';
import { findExecutable } from './find-executable.js';

// Helpers of alerts.test.ts and grafana-dashboard.test.ts: what Sift exposes, what a PromQL expression refers
// to, and promtool as the judge of whether an expression parses.

export const promtool = await findExecutable('promtool', process.env.PATH);

/**
 * Whether tests that need promtool may be skipped: only where it is missing and services are not required
 * (CI sets SIFT_TEST_REQUIRE_SERVICES=1 and installs Debian's prometheus package).
 */
export const promtoolMissing = (() => {
  if (promtool) return false;
  if (process.env.SIFT_TEST_REQUIRE_SERVICES === '1') {
    throw new Error('promtool is not on PATH but SIFT_TEST_REQUIRE_SERVICES=1 (apt-get install prometheus)');
  }
  return true;
})();

export interface ToolRun {
  status: number | null;
  output: string;
}

/** Runs promtool with `args` in `cwd`; stdout and stderr together, since promtool splits its report. */
export function runPromtool(args: string[], cwd: string): ToolRun {
  if (!promtool) throw new Error('promtool is not installed (#15)');
  const run = spawnSync(promtool, args, { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Series Prometheus itself adds to every target, which rules and panels may use. */
const SCRAPE_SERIES = ['up'];

/**
 * Every series name a Sift process exposes, read from a real scrape of the Prometheus adapter (the catalog plus
 * prom-client's default process metrics under the names the adapter really uses), histograms and summaries
 * by their `_bucket`/`_sum`/`_count` series, plus Prometheus' own `up`. Each name maps to its label names
 * (job and instance come from the scrape; unknown for the default metrics, which have few).
 */
export async function exposedSeries(): Promise<Map<string, Set<string>>> {
  const text = await new PrometheusMetrics().render();
  const series = new Map<string, Set<string>>();
  const target = ['job', 'instance'];
  for (const [, name, kind] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const declared = METRIC_CATALOG[name as keyof typeof METRIC_CATALOG] as MetricDefinition | undefined;
    const labels = new Set([...target, ...(declared?.labels ?? [])]);
    if (kind === 'histogram') {
      series.set(`${name}_bucket`, new Set([...labels, 'le']));
      series.set(`${name}_sum`, labels);
      series.set(`${name}_count`, labels);
    } else if (kind === 'summary') {
      series.set(name!, new Set([...labels, 'quantile']));
      series.set(`${name}_sum`, labels);
      series.set(`${name}_count`, labels);
    } else {
      series.set(name!, labels);
    }
  }
  for (const name of SCRAPE_SERIES) series.set(name, new Set(target));
  return series;
}

/** What an expression refers to: metric names of its selectors and every label name it mentions. */
export interface ExpressionRefs {
  metrics: string[];
  labels: string[];
  /** The text of each vector selector, e.g. `sift_workers{job=~"$job"}`. */
  selectors: string[];
  /** Lezer's error nodes: non-empty means the expression does not parse. */
  errors: string[];
}

/**
 * Reads an expression with Prometheus' own PromQL grammar (@prometheus-io/lezer-promql, the one its web UI
 * uses), not with a regex: metric names are the identifiers of vector selectors (or their `__name__`
 * matchers), labels are label names in matchers and in by/without/on/ignoring/group_* lists.
 */
export function expressionRefs(expr: string): ExpressionRefs {
  const metrics = new Set<string>();
  const labels = new Set<string>();
  const selectors: string[] = [];
  const errors: string[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`at ${node.from}: ${text(node.from, node.to) || '(missing)'}`);
      if (node.name === 'VectorSelector') {
        selectors.push(text(node.from, node.to));
        const id = node.node.getChild('Identifier');
        if (id) metrics.add(text(id.from, id.to));
      }
      if (node.name === 'LabelName') {
        const name = text(node.from, node.to);
        if (name !== '__name__') labels.add(name);
      }
      if (node.name === 'UnquotedLabelMatcher') {
        const label = node.node.getChild('LabelName');
        const value = node.node.getChild('StringLiteral');
        if (label && value && text(label.from, label.to) === '__name__') {
          metrics.add(JSON.parse(text(value.from, value.to)) as string);
        }
      }
    },
  });
  return { metrics: [...metrics], labels: [...labels], selectors, errors };
}

/**
 * Problems of an expression against the series Sift exposes: a metric that no process exposes, or a label
 * that none of the expression's metrics carries.
 */
export function unknownRefs(expr: string, exposed: Map<string, Set<string>>): string[] {
  const refs = expressionRefs(expr);
  const problems = refs.errors.map((e) => `syntax error ${e}`);
  // Every scraped series carries its target's labels, whether or not the metric is known.
  const known = new Set<string>(['job', 'instance']);
  for (const metric of refs.metrics) {
    const labels = exposed.get(metric);
    if (!labels) problems.push(`unknown metric ${metric}`);
    for (const label of labels ?? []) known.add(label);
  }
  for (const label of refs.labels) {
    if (!known.has(label)) problems.push(`label ${label} is on none of ${refs.metrics.join(', ')}`);
  }
  return problems;
}

/**
 * `promtool check rules` over expressions that live outside a rules file (dashboard queries): promtool has no
 * offline expression check, so each becomes a recording rule of a temporary rules file.
 */
export function checkExpressions(expressions: { name: string; expr: string }[]): ToolRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'sift-promql-'));
  try {
    const rules = expressions.map(({ name, expr }, i) => ({
      record: `check:${name.replace(/[^a-zA-Z0-9_]/g, '_')}:${i}`,
      expr,
    }));
    writeFileSync(path.join(dir, 'expressions.yml'), stringify({ groups: [{ name: 'check', rules }] }));
    return runPromtool(['check', 'rules', 'expressions.yml'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
