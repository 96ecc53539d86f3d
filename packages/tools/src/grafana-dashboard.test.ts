import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { METRIC_CATALOG } from '@sift/core';
import { parseCompose, readRepoFile } from './deploy-files.support.js';
import {
  checkExpressions,
  expressionRefs,
  exposedSeries,
  promtoolMissing,
  unknownRefs,
} from './promql.support.js';

// deploy/grafana/sift.json and its provisioning (issue #15): the dashboard's structure, and every query
// parsed by promtool and checked against the series Sift really exposes.

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: Variable[] };
  panels: Panel[];
}

const dashboard = JSON.parse(readRepoFile('deploy/grafana/sift.json')) as Dashboard;
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const variables = dashboard.templating.list;
const queries = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p, ...t })));
const exposed = await exposedSeries();

/** Grafana's built-in interval variables, as it would expand them for a 6 h range and a 15 s scrape. */
const BUILT_IN: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '6h' };

/**
 * The expression Prometheus would receive: built-in intervals as durations, dashboard variables (all used in
 * regex matchers) as `.*`. Throws on a variable the dashboard does not define.
 */
function expand(expr: string): string {
  const names = new Set(variables.map((v) => v.name));
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced?: string, bare?: string) => {
    const name = (braced ?? bare)!;
    if (name in BUILT_IN) return BUILT_IN[name]!;
    if (!names.has(name)) throw new Error(`undefined variable $${name} in ${expr}`);
    return '.*';
  });
}

/** The selector inside a `label_values(selector, label)` variable query. */
function variableSelector(v: Variable): string {
  const query = typeof v.query === 'string' ? v.query : v.query.query;
  const selector = /^label_values\((.+),\s*\w+\)$/.exec(query)?.[1];
  if (!selector) throw new Error(`variable ${v.name} is not a label_values query: ${query}`);
  return selector;
}
const queryVariables = variables.filter((v) => v.type === 'query');

describe('deploy/grafana/sift.json', () => {
  it('is a dashboard whose data source is a variable, with job and instance variables', () => {
    expect(dashboard.uid).toBe('sift-overview');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(variables.find((v) => v.name === 'datasource')).toMatchObject({
      type: 'datasource',
      query: 'prometheus',
    });
    expect(queryVariables.map((v) => v.name)).toEqual(['job', 'instance']);
    // No `${DS_…}` import inputs: those break provisioning, while a datasource variable works for both.
    expect(readRepoFile('deploy/grafana/sift.json')).not.toContain('DS_PROMETHEUS');
  });

  it('has panels with unique ids, queries with unique refIds, all on the datasource variable', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(panels.length).toBeGreaterThanOrEqual(25);
    for (const panel of panels) {
      expect(panel.title, `panel ${panel.id}`).toBeTruthy();
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      const refIds = panel.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
      for (const t of panel.targets!) {
        expect(t.datasource, panel.title).toEqual(panel.datasource);
        expect(t.expr.trim(), panel.title).not.toBe('');
      }
    }
  });

  it('lays the panels out on the 24-column grid without overlaps', () => {
    const boxes = dashboard.panels.map((p) => ({ title: p.title, ...p.gridPos }));
    for (const b of boxes) {
      expect(b.w > 0 && b.h > 0 && b.x >= 0 && b.y >= 0 && b.x + b.w <= 24, b.title).toBe(true);
    }
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.title} overlaps ${b.title}`).toBe(false);
      }
    }
  });

  it('filters every selector by the job and instance variables', () => {
    for (const q of queries) {
      const { selectors } = expressionRefs(q.expr.replaceAll('$__rate_interval', '1m'));
      expect(selectors.length, q.panel.title).toBeGreaterThan(0);
      for (const s of selectors) {
        expect(s, q.panel.title).toContain('job=~"$job"');
        expect(s, q.panel.title).toContain('instance=~"$instance"');
      }
    }
  });

  it('queries only series Sift exposes, with their labels, and shows every metric of the catalog', () => {
    const problems = [
      ...queries.flatMap((q) => unknownRefs(expand(q.expr), exposed).map((e) => `${q.panel.title}: ${e}`)),
      ...queryVariables.flatMap((v) =>
        unknownRefs(expand(variableSelector(v)), exposed).map((e) => `$${v.name}: ${e}`),
      ),
    ];
    expect(problems).toEqual([]);
    const shown = new Set(queries.flatMap((q) => expressionRefs(expand(q.expr)).metrics));
    const base = (series: string) => series.replace(/_(bucket|sum|count)$/, '');
    for (const name of Object.keys(METRIC_CATALOG)) {
      expect(
        [...shown].some((s) => s === name || base(s) === name),
        `${name} is on no panel`,
      ).toBe(true);
    }
  });

  it('leaves out of its overall p95 the same streams as alert SiftHighLatency', () => {
    const rules = parse(readRepoFile('deploy/prometheus/alerts.yml')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const alert = rules.groups[0]!.rules.find((r) => r.alert === 'SiftHighLatency')!;
    const streams = /route!~"[^"]+"/.exec(alert.expr)?.[0];
    expect(streams).toBeDefined();
    const overall = panels.find((p) => p.title === 'HTTP p95')!;
    expect(overall.targets![0]!.expr).toContain(streams);
  });

  it('refuses a query with an undefined variable', () => {
    expect(() => expand('up{job=~"$cluster"}')).toThrow(/undefined variable \$cluster/);
  });

  it.skipIf(promtoolMissing)(
    'has queries that promtool parses, every one (#15: skipped without promtool)',
    () => {
      const expressions = [
        ...queries.map((q) => ({ name: `panel_${q.panel.id}_${q.refId}`, expr: expand(q.expr) })),
        ...queryVariables.map((v) => ({ name: `variable_${v.name}`, expr: expand(variableSelector(v)) })),
      ];
      const run = checkExpressions(expressions);
      expect(run.output).toContain(`SUCCESS: ${expressions.length} rules found`);
      expect(run.status, run.output).toBe(0);
    },
  );

  it.skipIf(promtoolMissing)(
    'would fail on a query promtool cannot parse (#15: skipped without promtool)',
    () => {
      const run = checkExpressions([
        { name: 'good', expr: 'sum(up)' },
        { name: 'bad', expr: 'sum by (job (up)' },
      ]);
      expect(run.status).toBe(1);
      expect(run.output).toMatch(/parse error/);
    },
  );
});

describe('deploy/grafana provisioning', () => {
  const compose = parseCompose(readRepoFile('deploy/compose.yaml'));
  const grafana = Object.values(compose.services).find((s) => s.image?.startsWith('grafana/grafana:'));
  const datasources = parse(readRepoFile('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
    datasources: { type: string; url: string; isDefault?: boolean }[];
  };
  const providers = parse(readRepoFile('deploy/grafana/provisioning/dashboards/sift.yml')) as {
    providers: { type: string; options: { path: string } }[];
  };

  it('runs Grafana in compose with the provisioning and the dashboard mounted where the provider reads', () => {
    expect(grafana).toBeDefined();
    expect(grafana!.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
    const mount = grafana!.volumes!.find((v) => v.startsWith('./grafana/sift.json:'));
    const inContainer = mount?.split(':')[1];
    expect(inContainer).toBe(`${providers.providers[0]!.options.path}/sift.json`);
    expect(providers.providers[0]!.type).toBe('file');
    expect(grafana!.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
  });

  it('provisions the compose Prometheus as the default data source', () => {
    const [source] = datasources.datasources;
    expect(source).toMatchObject({ type: 'prometheus', isDefault: true });
    const prometheus = Object.entries(compose.services).find(([, s]) =>
      s.image?.startsWith('prom/prometheus:'),
    );
    expect(source!.url).toBe(`http://${prometheus![0]}:9090`);
  });
});
