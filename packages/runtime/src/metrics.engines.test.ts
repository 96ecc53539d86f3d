import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseScrape, seriesOf, valueOf } from '@sift/adapter-prometheus/testing';
import type { DocumentRecord } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

const SHARED = '/work/shared/fixtures';

/**
 * OCR and transcription run in extraction threads, which have no telemetry of their own: their durations come
 * back with the extracted text and are recorded by the pipeline on the main thread.
 */
describe('OCR and transcription durations', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const temp = await tempConfig({ SIFT_EMBEDDER: 'none', SIFT_QUEUE_POLL_MS: '50' });
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
    await runtime.startWorkers();
  });
  afterAll(async () => {
    await runtime?.close();
    await cleanup?.();
  });

  async function ingest(file: string): Promise<DocumentRecord> {
    const done = new Promise<DocumentRecord>((resolve) => {
      const stop = runtime.events.subscribe((event) => {
        if (
          (event.type === 'document.processed' || event.type === 'document.failed') &&
          event.document.filename === path.basename(file)
        ) {
          stop();
          resolve(event.document);
        }
      });
    });
    await runtime.documents.upload({
      access: runtime.identity.operator(),
      filename: path.basename(file),
      source: createReadStream(file),
    });
    return done;
  }

  it('observes one OCR duration per scanned image and one transcription per recording', async () => {
    const scan = await ingest(path.join(SHARED, 'ocr/testocr.png'));
    expect(scan.status).toBe('processed');
    let s = parseScrape(await runtime.telemetry.exposition!.render());
    const [ocr] = seriesOf(s, 'sift_ocr_duration_seconds');
    expect(ocr?.value).toBe(1);
    expect(ocr?.sum).toBeGreaterThan(0);
    expect(valueOf(s, 'sift_transcription_duration_seconds')).toBe(0);
    expect(valueOf(s, 'sift_documents_processed_total', { type: 'image' })).toBe(1);

    const speech = await ingest(path.join(SHARED, 'audio/jfk.wav'));
    expect(speech.status).toBe('processed');
    s = parseScrape(await runtime.telemetry.exposition!.render());
    expect(valueOf(s, 'sift_transcription_duration_seconds')).toBe(1);
    expect(valueOf(s, 'sift_ocr_duration_seconds')).toBe(1);
    expect(valueOf(s, 'sift_documents_processed_total', { type: 'audio' })).toBe(1);
  }, 180_000);
});
