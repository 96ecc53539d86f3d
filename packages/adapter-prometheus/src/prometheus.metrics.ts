import {
  METRIC_CATALOG,
  type MetricDefinition,
  type MetricLabels,
  type MetricName,
  type MetricsPort,
} from '@sift/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Request-scale latencies (HTTP, search, one embedding batch, first LLM token): 5 ms … 30 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Work that may take minutes (a job, a pipeline stage, OCR of a scan, a recording): 10 ms … 10 min. */
export const LONG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

const LONG_RUNNING: ReadonlySet<MetricName> = new Set<MetricName>([
  'sift_job_duration_seconds',
  'sift_pipeline_stage_duration_seconds',
  'sift_ocr_duration_seconds',
  'sift_transcription_duration_seconds',
]);

/** A callback run before each scrape, to set gauges read from elsewhere (queue depth, disk space). */
export type ScrapeCollector = () => Promise<void> | void;

export interface PrometheusMetricsOptions {
  /**
   * Throw on a recording error (a label the catalog does not declare, a metric it does not list) instead of
   * reporting it once through `onError`. Tests set it: such a call is a programming error and should fail
   * loudly there; in production a typo in a label must never fail the upload or search that recorded it.
   */
  strict?: boolean;
  /** Told once per distinct recording error or failing collector (not strict); default: ignored. */
  onError?: (err: unknown, context: string) => void;
  /**
   * Process metrics (memory, CPU, event-loop lag, GC, handles) from prom-client's default collectors, under
   * their conventional unprefixed names (`process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`…) so
   * stock Node.js dashboards and alerts work. Default true.
   */
  processMetrics?: boolean;
}

type Instrument = Counter | Gauge | Histogram;

/**
 * The metric catalog on a prom-client Registry of its own (never the global one: two runtimes in one test
 * process must not share series). Recording is synchronous; scrape-time collectors run on `render()`.
 */
export class PrometheusMetrics implements MetricsPort {
  readonly registry = new Registry();
  private readonly instruments = new Map<string, Instrument>();
  private readonly collectors: ScrapeCollector[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly options: PrometheusMetricsOptions = {}) {
    for (const [name, definition] of Object.entries(METRIC_CATALOG) as [MetricName, MetricDefinition][]) {
      this.instruments.set(name, this.instrument(name, definition));
    }
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** `text/plain; version=0.0.4; charset=utf-8`: the Prometheus text exposition format. */
  get contentType(): string {
    return this.registry.contentType;
  }

  count(metric: MetricName, labels: MetricLabels = {}, by = 1): void {
    this.record(metric, 'counter', (i) => (i as Counter).inc(labels, by));
  }

  observe(metric: MetricName, labels: MetricLabels, value: number): void {
    this.record(metric, 'histogram', (i) => (i as Histogram).observe(labels, value));
  }

  set(metric: MetricName, labels: MetricLabels, value: number): void {
    this.record(metric, 'gauge', (i) => (i as Gauge).set(labels, value));
  }

  /** Adds a callback run before every scrape (in order of registration). */
  collect(collector: ScrapeCollector): void {
    this.collectors.push(collector);
  }

  /**
   * Runs the collectors, then renders every series in the text format. A failing collector leaves its
   * gauges at their last values (reported through onError) rather than failing the whole scrape.
   */
  async render(): Promise<string> {
    for (const collector of this.collectors) {
      try {
        await collector();
      } catch (err) {
        if (this.options.strict) throw err;
        this.report(err, 'a metrics collector failed');
      }
    }
    return this.registry.metrics();
  }

  private instrument(name: MetricName, definition: MetricDefinition): Instrument {
    const common = {
      name,
      help: definition.help,
      labelNames: [...definition.labels],
      registers: [this.registry],
    };
    switch (definition.kind) {
      case 'counter':
        return new Counter(common);
      case 'gauge':
        return new Gauge(common);
      case 'histogram':
        return new Histogram({ ...common, buckets: LONG_RUNNING.has(name) ? LONG_BUCKETS : LATENCY_BUCKETS });
    }
  }

  private record(metric: MetricName, kind: MetricDefinition['kind'], apply: (i: Instrument) => void): void {
    try {
      const instrument = this.instruments.get(metric);
      if (!instrument) throw new Error(`metric ${String(metric)} is not in METRIC_CATALOG`);
      const declared = (METRIC_CATALOG[metric] as MetricDefinition).kind;
      if (declared !== kind) throw new Error(`metric ${metric} is a ${declared}, not a ${kind}`);
      // prom-client throws on a label name the metric did not declare: a programming error, see `strict`.
      apply(instrument);
    } catch (err) {
      if (this.options.strict) throw err;
      this.report(err, `recording ${String(metric)} failed`);
    }
  }

  /** Reports each distinct error once: a hot path must not flood the log with the same mistake. */
  private report(err: unknown, context: string): void {
    const key = `${context}: ${err instanceof Error ? err.message : String(err)}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.onError?.(err, context);
  }
}
