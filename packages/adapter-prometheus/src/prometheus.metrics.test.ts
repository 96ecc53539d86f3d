import { METRIC_CATALOG, type MetricName } from '@sift/core';
import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from './prometheus.metrics.js';
import { parseScrape, seriesOf, valueOf } from './testing.js';

describe('PrometheusMetrics', () => {
  it('registers every catalog metric with its type and help, plus unprefixed process metrics', async () => {
    const metrics = new PrometheusMetrics({ strict: true });
    // Histograms and labelled metrics appear only once observed; record one of each to see them all.
    metrics.count('sift_http_requests_total', { route: '/x', method: 'GET', status: 200 });
    const scrape = parseScrape(await metrics.render());
    for (const [name, def] of Object.entries(METRIC_CATALOG)) {
      const family = scrape.get(name);
      expect(family, name).toBeDefined();
      expect(family!.type).toBe(def.kind);
    }
    expect(scrape.get('process_resident_memory_bytes')?.series[0]?.value).toBeGreaterThan(0);
    expect(scrape.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(scrape.has('process_cpu_seconds_total')).toBe(true);
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('counts, observes into second-scale buckets and sets gauges', async () => {
    const metrics = new PrometheusMetrics({ strict: true, processMetrics: false });
    metrics.count('sift_search_zero_results_total', { mode: 'hybrid' });
    metrics.count('sift_search_zero_results_total', { mode: 'hybrid' }, 2);
    metrics.observe('sift_search_duration_seconds', { mode: 'lexical' }, 0.004);
    metrics.observe('sift_search_duration_seconds', { mode: 'lexical' }, 0.7);
    metrics.observe('sift_pipeline_stage_duration_seconds', { stage: 'extract' }, 45);
    metrics.set('sift_disk_free_bytes', {}, 1234);
    metrics.set('sift_disk_free_bytes', {}, 99);
    const scrape = parseScrape(await metrics.render());
    expect(valueOf(scrape, 'sift_search_zero_results_total', { mode: 'hybrid' })).toBe(3);
    const [search] = seriesOf(scrape, 'sift_search_duration_seconds', { mode: 'lexical' });
    expect(search?.value).toBe(2);
    expect(search?.sum).toBeCloseTo(0.704);
    expect(search?.buckets?.['0.005']).toBe(1);
    expect(search?.buckets?.['1']).toBe(2);
    expect(search?.buckets?.['30']).toBe(2);
    // Pipeline stages may take minutes: their buckets go to 10 min.
    const [stage] = seriesOf(scrape, 'sift_pipeline_stage_duration_seconds', { stage: 'extract' });
    expect(stage?.buckets?.['30']).toBe(0);
    expect(stage?.buckets?.['60']).toBe(1);
    expect(valueOf(scrape, 'sift_disk_free_bytes')).toBe(99);
  });

  it('runs scrape-time collectors on every render', async () => {
    const metrics = new PrometheusMetrics({ strict: true, processMetrics: false });
    let depth = 0;
    metrics.collect(async () => {
      depth += 5;
      metrics.set('sift_queue_tasks', { queue: 'ingest', status: 'pending' }, depth);
    });
    expect(valueOf(parseScrape(await metrics.render()), 'sift_queue_tasks', { queue: 'ingest' })).toBe(5);
    expect(valueOf(parseScrape(await metrics.render()), 'sift_queue_tasks', { queue: 'ingest' })).toBe(10);
  });

  it('throws on an undeclared label, an unknown metric or a wrong kind when strict', () => {
    const metrics = new PrometheusMetrics({ strict: true, processMetrics: false });
    expect(() => metrics.count('sift_search_zero_results_total', { documentId: 'd1' })).toThrow(/label/i);
    expect(() => metrics.count('sift_nope_total' as MetricName)).toThrow(/not in METRIC_CATALOG/);
    expect(() => metrics.set('sift_search_zero_results_total', {}, 1)).toThrow(/counter, not a gauge/);
  });

  it('reports a recording error once and keeps serving when not strict', async () => {
    const errors: string[] = [];
    const metrics = new PrometheusMetrics({
      processMetrics: false,
      onError: (err, context) => errors.push(`${context}: ${(err as Error).message}`),
    });
    metrics.count('sift_search_zero_results_total', { documentId: 'd1' });
    metrics.count('sift_search_zero_results_total', { documentId: 'd2' });
    metrics.collect(() => {
      throw new Error('queue unreachable');
    });
    metrics.count('sift_search_zero_results_total', { mode: 'lexical' });
    const scrape = parseScrape(await metrics.render());
    expect(valueOf(scrape, 'sift_search_zero_results_total', { mode: 'lexical' })).toBe(1);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/recording sift_search_zero_results_total failed/);
    expect(errors[1]).toMatch(/a metrics collector failed: queue unreachable/);
  });

  it('keeps registries apart: two instances do not share series', async () => {
    const a = new PrometheusMetrics({ processMetrics: false });
    const b = new PrometheusMetrics({ processMetrics: false });
    a.count('sift_embedding_texts_total', { model: 'm' }, 4);
    expect(valueOf(parseScrape(await b.render()), 'sift_embedding_texts_total')).toBe(0);
  });
});
