import type { PipelineStage, StageTimings } from '../ports/event-bus.port.js';
import type { SpanHandle, Telemetry } from '../ports/telemetry.port.js';
import { timed } from '../telemetry/timed.js';
import type { ExtractedText, FileCategory } from './extraction.types.js';

/**
 * What one ingest attempt records: a span and a histogram observation per stage (always through `timed`, so
 * traces and metrics agree), the stages' milliseconds for the `document.processed` event, engine durations,
 * and the document's outcome by file category (a bounded label).
 */
export class PipelineTelemetry {
  /** Milliseconds per stage of this attempt. */
  readonly timings: StageTimings = {};

  constructor(readonly telemetry: Telemetry) {}

  async stage<T>(name: PipelineStage, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const spec = {
        span: `pipeline.${name}`,
        metric: 'sift_pipeline_stage_duration_seconds',
        labels: { stage: name },
      } as const;
      return await timed(this.telemetry, spec, fn);
    } finally {
      this.timings[name] = Math.round(performance.now() - started);
    }
  }

  /** OCR and transcription ran in an extraction thread: their durations come back with the text. */
  engines(extracted: ExtractedText, span: SpanHandle): void {
    const { ocr, transcribe } = extracted.engineMs ?? {};
    if (ocr !== undefined) {
      this.telemetry.metrics.observe('sift_ocr_duration_seconds', {}, ocr / 1000);
      span.setAttribute('sift.ocr_ms', ocr);
    }
    if (transcribe !== undefined) {
      this.telemetry.metrics.observe('sift_transcription_duration_seconds', {}, transcribe / 1000);
      span.setAttribute('sift.transcribe_ms', transcribe);
    }
  }

  processed(category: FileCategory): void {
    this.telemetry.metrics.count('sift_documents_processed_total', { type: category });
  }

  /** Final failures only: a retried attempt is not a failed document (the job metrics count retries). */
  failed(category: FileCategory, code: string): void {
    this.telemetry.metrics.count('sift_documents_failed_total', { type: category, code });
  }
}
