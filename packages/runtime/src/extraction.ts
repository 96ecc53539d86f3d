import type { Config } from '@sift/config';
import type { ContentDetector, DocumentExtractor, Logger } from '@sift/core';
import { FileContentDetector, IsolatedDocumentExtractor } from '@sift/extractors';

/** Detection and extraction, chosen from config. */
export interface Extraction {
  detector: ContentDetector;
  extractor: DocumentExtractor;
  /** Ends the extraction threads (and the OCR workers and model sessions inside them). */
  close(): Promise<void>;
}

/** The module each extraction thread builds its extractor from. */
const THREAD_EXTRACTOR = new URL('./extraction-host.ts', import.meta.url).href;

/**
 * Builds the extraction stack. Parsers, OCR and transcription run in worker threads (IsolatedDocumentExtractor)
 * with a time and heap limit per file, so that no document can stall the process's event loop. Threads start
 * at the first file and end when idle.
 */
export function createExtraction(config: Config, logger: Logger): Extraction {
  const extractor = new IsolatedDocumentExtractor({
    extractor: { module: THREAD_EXTRACTOR, factory: 'createThreadExtractor', options: config },
    concurrency: config.workers.maxConcurrent,
    timeoutMs: (input) =>
      input.type.category === 'audio' ? config.extraction.audioTimeoutMs : config.extraction.timeoutMs,
    maxHeapMb: config.extraction.maxHeapMb,
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
  return { detector: new FileContentDetector(), extractor, close: () => extractor.close() };
}
