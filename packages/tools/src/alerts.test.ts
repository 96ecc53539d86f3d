import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_CATALOG } from '@sift/core';
import { readRepoFile, repoRoot } from './deploy-files.support.js';
import { exposedSeries, promtoolMissing, runPromtool, unknownRefs } from './promql.support.js';

// deploy/prometheus/alerts.yml and its promtool unit tests (issue #15).

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleTests {
  rule_files: string[];
  tests: { name: string; alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

const dir = path.join(repoRoot, 'deploy/prometheus');
const rulesText = readRepoFile('deploy/prometheus/alerts.yml');
const groups = (parse(rulesText) as { groups: { name: string; rules: Rule[] }[] }).groups;
const rules = groups.flatMap((g) => g.rules);
const ruleTests = parse(readRepoFile('deploy/prometheus/alerts.test.yml')) as RuleTests;
const exposed = await exposedSeries();

const scratch = mkdtempSync(path.join(tmpdir(), 'sift-alerts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('deploy/prometheus/alerts.yml', () => {
  it('holds one group `sift` with an alert for each condition of #15', () => {
    expect(groups.map((g) => g.name)).toEqual(['sift']);
    expect(rules.map((r) => r.alert).sort()).toEqual([
      'SiftDeadTasksPresent',
      'SiftDiskFreeBelowFloor',
      'SiftHighErrorRate',
      'SiftHighLatency',
      'SiftJobsDeadLettered',
      'SiftLlmCircuitOpen',
      'SiftMemoryHigh',
      'SiftQueueBacklogGrowing',
      'SiftTargetDown',
      'SiftWorkerMissing',
    ]);
  });

  it('gives every alert a severity, a summary, a description and a runbook hint', () => {
    for (const rule of rules) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(Object.keys(rule.annotations ?? {}).sort(), rule.alert).toEqual([
        'description',
        'runbook',
        'summary',
      ]);
      // The description carries the figure that made the alert fire.
      expect(rule.annotations?.description, rule.alert).toMatch(/\{\{ \$(value|labels\.\w+)/);
    }
  });

  it('refers only to series a Sift process exposes, and to labels those series carry', () => {
    // The adapter's real scrape: the whole catalog plus the default process metrics it registers.
    for (const name of Object.keys(METRIC_CATALOG)) {
      const kind = METRIC_CATALOG[name as keyof typeof METRIC_CATALOG].kind;
      expect(exposed.has(kind === 'histogram' ? `${name}_bucket` : name), name).toBe(true);
    }
    const problems = rules.flatMap((r) => unknownRefs(r.expr, exposed).map((e) => `${r.alert}: ${e}`));
    expect(problems).toEqual([]);
  });

  it('notices a metric or label that does not exist', () => {
    expect(unknownRefs('sift_http_request_total > 0', exposed)).toEqual([
      'unknown metric sift_http_request_total',
    ]);
    expect(unknownRefs('sum by (path) (rate(sift_http_requests_total[5m]))', exposed)).toEqual([
      'label path is on none of sift_http_requests_total',
    ]);
    // A histogram is queried through its series, never by its own name.
    expect(unknownRefs('sift_search_duration_seconds > 1', exposed)).toEqual([
      'unknown metric sift_search_duration_seconds',
    ]);
    expect(unknownRefs('rate(sift_http_requests_total[5m]', exposed)[0]).toMatch(/^syntax error/);
  });

  it.skipIf(promtoolMissing)('passes promtool check rules (#15: skipped without promtool)', () => {
    const run = runPromtool(['check', 'rules', 'alerts.yml'], dir);
    expect(run.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(run.status, run.output).toBe(0);
  });
});

describe('deploy/prometheus/alerts.test.yml', () => {
  const cases = ruleTests.tests.flatMap((t) => t.alert_rule_test ?? []);
  const firing = new Set(cases.filter((c) => (c.exp_alerts ?? []).length > 0).map((c) => c.alertname));
  const silent = new Set(cases.filter((c) => (c.exp_alerts ?? []).length === 0).map((c) => c.alertname));

  it('tests every alert where it fires and where it stays silent, and no alert that does not exist', () => {
    expect(ruleTests.rule_files).toEqual(['alerts.yml']);
    const alerts = rules.map((r) => r.alert!);
    for (const alert of alerts) {
      expect(firing.has(alert), `${alert} has no firing case`).toBe(true);
      expect(silent.has(alert), `${alert} has no silent case`).toBe(true);
    }
    for (const tested of [...firing, ...silent]) expect(alerts).toContain(tested);
  });

  it.skipIf(promtoolMissing)('passes promtool test rules (#15: skipped without promtool)', () => {
    const run = runPromtool(['test', 'rules', 'alerts.test.yml'], dir);
    expect(run.output).toContain('SUCCESS');
    expect(run.status, run.output).toBe(0);
  });

  it.skipIf(promtoolMissing)(
    'fails when a rule drifts from what its test expects (#15: skipped without promtool)',
    () => {
      cpSync(path.join(dir, 'alerts.test.yml'), path.join(scratch, 'alerts.test.yml'));
      // 50 % instead of 5 %: the error-rate test's 9 % no longer fires.
      const drifted = rulesText.replace('> 0.05', '> 0.5');
      expect(drifted).not.toBe(rulesText);
      writeFileSync(path.join(scratch, 'alerts.yml'), drifted);
      const run = runPromtool(['test', 'rules', 'alerts.test.yml'], scratch);
      expect(run.status).toBe(1);
      expect(run.output).toContain('alertname: SiftHighErrorRate');
    },
  );
});
