import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** One series of a scrape: its labels and value (for a histogram: its count, sum and buckets). */
export interface ScrapedSeries {
  labels: Record<string, string>;
  value: number;
  buckets?: Record<string, number>;
  sum?: number;
}

/** A parsed scrape: metric family name → type and series. */
export type Scrape = Map<string, { type: string; help: string; series: ScrapedSeries[] }>;

/**
 * Parses a scrape with a Prometheus text-format parser (parse-prometheus-text-format, a port of the official
 * Python client's parser), so tests check what Prometheus would read rather than a regex over the text.
 * That parser merges a histogram's labelled series into one (losing their labels), so histogram and summary
 * samples are parsed as plain samples (`_bucket`, `_sum`, `_count`) and grouped here by their labels.
 */
export function parseScrape(text: string): Scrape {
  const scrape: Scrape = new Map();
  const families = parsePrometheusTextFormat(text);
  const grouped = new Set<string>();
  for (const family of families) {
    const type = family.type.toLowerCase();
    if (type === 'histogram' || type === 'summary') grouped.add(family.name);
    scrape.set(family.name, { type, help: family.help, series: [] });
  }
  const untyped = text.replace(/^# TYPE (\S+) (histogram|summary)$/gm, '# TYPE $1 untyped');
  for (const family of parsePrometheusTextFormat(untyped)) {
    const target = scrape.get(family.name);
    if (target && !grouped.has(family.name)) {
      target.series = family.metrics.map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) }));
      continue;
    }
    const suffix = /_(bucket|sum|count)$/.exec(family.name);
    const parent = suffix ? scrape.get(family.name.slice(0, -suffix[0].length)) : undefined;
    if (!suffix || !parent) continue;
    for (const m of family.metrics) {
      const { le, quantile, ...labels } = m.labels ?? {};
      let series = parent.series.find((s) => sameLabels(s.labels, labels));
      if (!series) {
        series = { labels, value: 0, sum: 0, buckets: {} };
        parent.series.push(series);
      }
      const value = Number(m.value);
      if (suffix[1] === 'count') series.value = value;
      else if (suffix[1] === 'sum') series.sum = value;
      else if (le !== undefined) series.buckets![le] = value;
      else if (quantile !== undefined) series.buckets![quantile] = value;
    }
  }
  return scrape;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The series of `name` whose labels include `labels`; [] when the family is absent. */
export function seriesOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): ScrapedSeries[] {
  return (scrape.get(name)?.series ?? []).filter((s) =>
    Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

/** The sum of the values of the matching series (0 when none): counters, gauges and histogram counts. */
export function valueOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return seriesOf(scrape, name, labels).reduce((total, s) => total + s.value, 0);
}

/** Every label value of every series in the scrape, to check that none is an id or a raw path. */
export function labelValues(scrape: Scrape): Set<string> {
  const values = new Set<string>();
  for (const family of scrape.values())
    for (const s of family.series) for (const v of Object.values(s.labels)) values.add(v);
  return values;
}
