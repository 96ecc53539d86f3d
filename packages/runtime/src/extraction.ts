import type { Config } from '@sift/config';
import type { ContentDetector, DocumentExtractor, Logger } from '@sift/core';
import { FileContentDetector, IsolatedDocumentExtractor } from '@sift/extractors';

/** Detection and extraction, chosen from config. */
export interface Extraction {
  detector: ContentDetector;
  extractor: DocumentExtractor;
  /** Starts an extraction thread ahead of the first file (where workers run); one stays warm when idle. */
  warm(): void;
  /** Ends the extraction threads (and the OCR workers and model sessions inside them). */
  close(): Promise<void>;
}

/** The module each extraction thread builds its extractor from. */
const THREAD_EXTRACTOR = new URL('./extraction-host.ts', import.meta.url).href;

/**
 * Builds the extraction stack. Parsers, OCR and transcription run in worker threads (IsolatedDocumentExtractor)
 * with a time and heap limit per file, so that no document can stall the process's event loop. Threads start
 * at the first file — or at `warm()` — and end when idle, but for one kept warm: a thread's start loads every
 * parser (7–10 s seen on 2 busy cores), which would otherwise delay the first file after each quiet minute.
 */
export function createExtraction(config: Config, logger: Logger): Extraction {
  const extractor = new IsolatedDocumentExtractor({
    extractor: { module: THREAD_EXTRACTOR, factory: 'createThreadExtractor', options: config },
    concurrency: config.workers.maxConcurrent,
    timeoutMs: (input) =>
      input.type.category === 'audio' ? config.extraction.audioTimeoutMs : config.extraction.timeoutMs,
    maxHeapMb: config.extraction.maxHeapMb,
    keepWarm: 1,
  });
  logger.debug(
    {
      transcriber: config.transcription.engine,
      ocrLanguages: config.ingest.ocrLanguages,
      timeoutMs: config.extraction.timeoutMs,
      maxHeapMb: config.extraction.maxHeapMb,
    },
    'extraction ready',
  );
  return {
    detector: new FileContentDetector(),
    extractor,
    warm: () => extractor.warm(),
    close: () => extractor.close(),
  };
}
