export {
  LATENCY_BUCKETS,
  LONG_BUCKETS,
  PrometheusMetrics,
  type PrometheusMetricsOptions,
  type ScrapeCollector,
} from './prometheus.metrics.js';
