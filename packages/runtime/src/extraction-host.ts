import type { Config } from '@sift/config';
import {
  chunkDocument,
  type ExtractedText,
  type ExtractionInput,
  type Ocr,
  type Transcriber,
} from '@sift/core';
import { TesseractOcr } from '@sift/adapter-tesseract';
import { createDocumentExtractor } from '@sift/extractors';
import { createTranscriber } from './transcriber.js';

/**
 * Built inside each extraction thread (see IsolatedDocumentExtractor): the format extractors with the OCR and
 * speech engines the config chooses, and chunking when the input asks for it. Engines are lazy, so a thread
 * that never sees an image pays nothing for tesseract. `config` arrives structured-cloned from the parent.
 */
export function createThreadExtractor(config: Config): {
  extract(input: ExtractionInput): Promise<ExtractedText>;
  close(): Promise<void>;
} {
  const ocr = new TesseractOcr({ poolSize: 1 });
  const transcriber = createTranscriber(config);
  // A thread runs one extraction at a time, so engine time accumulated between two extractions is this file's.
  let engineMs: { ocr?: number; transcribe?: number } = {};
  const timedOcr: Ocr = {
    recognize: (image, options) => elapsed('ocr', () => ocr.recognize(image, options)),
    close: () => ocr.close(),
  };
  const timedTranscriber: Transcriber | null = transcriber && {
    name: transcriber.name,
    transcribe: (wav, options) => elapsed('transcribe', () => transcriber.transcribe(wav, options)),
  };
  async function elapsed<T>(engine: 'ocr' | 'transcribe', fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      engineMs[engine] = (engineMs[engine] ?? 0) + Math.round(performance.now() - started);
    }
  }
  const extractor = createDocumentExtractor({
    ocr: timedOcr,
    ...(timedTranscriber ? { transcriber: timedTranscriber } : {}),
  });
  return {
    async extract(input) {
      engineMs = {};
      const extracted = { ...(await extractor.extract(input)), engineMs };
      if (!input.chunking) return extracted;
      // Chunking a long text takes seconds (tokens are counted); here it costs the ingest, not the server's
      // event loop. Contents are sliced again by the receiver, so the text crosses the thread boundary once.
      const chunks = chunkDocument(extracted, input.chunking).map((chunk) => ({ ...chunk, content: '' }));
      return { ...extracted, chunks };
    },
    close: async () => {
      await Promise.all([ocr.close(), extractor.close()]);
    },
  };
}
