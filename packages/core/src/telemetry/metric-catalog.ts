/**
 * Every metric Sift records, its kind, help text and label names: the one list the Prometheus adapter registers,
 * the alert rules (deploy/prometheus/alerts.yml) and the Grafana dashboard use. Labels are bounded sets only.
 * Durations are seconds, sizes bytes (Prometheus conventions). Process metrics (memory, CPU, event-loop lag)
 * come from the adapter's default collectors and are not listed here.
 */
export const METRIC_CATALOG = {
  sift_http_requests_total: {
    kind: 'counter',
    help: 'HTTP requests by route template, method and status code',
    labels: ['route', 'method', 'status'],
  },
  sift_http_request_duration_seconds: {
    kind: 'histogram',
    help: 'HTTP request duration by route template and method',
    labels: ['route', 'method'],
  },
  sift_queue_tasks: {
    kind: 'gauge',
    help: 'Tasks per queue and status (read from the queue at scrape time)',
    labels: ['queue', 'status'],
  },
  sift_workers: {
    kind: 'gauge',
    help: 'Live worker processes serving each queue',
    labels: ['queue'],
  },
  sift_job_duration_seconds: {
    kind: 'histogram',
    help: 'Duration of one job attempt by job type and outcome (succeeded, retry, failed, dead, cancelled)',
    labels: ['type', 'outcome'],
  },
  sift_job_retries_total: { kind: 'counter', help: 'Job attempts that will be retried', labels: ['type'] },
  sift_job_dead_letters_total: {
    kind: 'counter',
    help: 'Jobs that ended in the dead-letter state',
    labels: ['type'],
  },
  sift_job_poison_pills_total: {
    kind: 'counter',
    help: 'Jobs failed without another run because their workers stalled or died twice (poison pills)',
    labels: ['type'],
  },
  sift_pipeline_stage_duration_seconds: {
    kind: 'histogram',
    help: 'Duration of one ingest pipeline stage (extract, chunk, embed, index)',
    labels: ['stage'],
  },
  sift_documents_processed_total: {
    kind: 'counter',
    help: 'Documents processed, by detected type family',
    labels: ['type'],
  },
  sift_documents_failed_total: {
    kind: 'counter',
    help: 'Documents that failed, by detected type family and error code',
    labels: ['type', 'code'],
  },
  sift_embedding_texts_total: { kind: 'counter', help: 'Texts embedded', labels: ['model'] },
  sift_embedding_batch_duration_seconds: {
    kind: 'histogram',
    help: 'Duration of one embedding batch',
    labels: ['model'],
  },
  sift_search_duration_seconds: {
    kind: 'histogram',
    help: 'Search latency by mode (lexical, semantic, hybrid)',
    labels: ['mode'],
  },
  sift_search_zero_results_total: {
    kind: 'counter',
    help: 'Searches that returned no hit, by mode',
    labels: ['mode'],
  },
  sift_llm_requests_total: {
    kind: 'counter',
    help: 'LLM calls by provider and outcome (ok, error, circuit_open)',
    labels: ['provider', 'outcome'],
  },
  sift_llm_first_token_seconds: {
    kind: 'histogram',
    help: 'Time from an LLM call to its first token',
    labels: ['provider'],
  },
  sift_llm_tokens_total: {
    kind: 'counter',
    help: 'LLM tokens by direction (in, out)',
    labels: ['provider', 'direction'],
  },
  sift_llm_circuit_open: {
    kind: 'gauge',
    help: '1 while the LLM circuit breaker is open',
    labels: ['provider'],
  },
  sift_ocr_duration_seconds: { kind: 'histogram', help: 'Duration of OCR of one document', labels: [] },
  sift_transcription_duration_seconds: {
    kind: 'histogram',
    help: 'Duration of transcribing one recording',
    labels: [],
  },
  sift_webhook_deliveries_total: {
    kind: 'counter',
    help: 'Webhook delivery attempts by event type and outcome (succeeded, retry, failed, dead)',
    labels: ['event', 'outcome'],
  },
  sift_webhook_response_seconds: {
    kind: 'histogram',
    help: 'Time a webhook receiver took to answer (or to fail), per attempt',
    labels: [],
  },
  sift_database_size_bytes: { kind: 'gauge', help: 'Size of the metadata database', labels: [] },
  sift_disk_free_bytes: { kind: 'gauge', help: 'Free space on the data dir’s file system', labels: [] },
  sift_disk_free_floor_bytes: {
    kind: 'gauge',
    help: 'Free space below which readiness fails (SIFT_MIN_FREE_DISK_MB)',
    labels: [],
  },
  sift_memory_limit_bytes: {
    kind: 'gauge',
    help: 'Memory this process may use (cgroup limit, else physical memory)',
    labels: [],
  },
} as const satisfies Record<string, MetricDefinition>;

export interface MetricDefinition {
  kind: 'counter' | 'histogram' | 'gauge';
  help: string;
  labels: readonly string[];
}

export type MetricName = keyof typeof METRIC_CATALOG;
