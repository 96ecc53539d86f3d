import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Told how many spans a failed export dropped, and why. */
export type ExportFailureListener = (failure: { spans: number; error: Error }) => void;

/**
 * Wraps an exporter to report failed exports to Sift's logger. The SDK reports them only through the global
 * `diag` logger, which is off by default — a collector that is down would otherwise lose every trace silently.
 */
export class ReportingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly onFailure: ExportFailureListener,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) {
        this.onFailure({ spans: spans.length, error: result.error ?? new Error('span export failed') });
      }
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
