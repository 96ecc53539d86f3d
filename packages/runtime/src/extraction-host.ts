import type { Config } from '@sift/config';
import { chunkDocument, type ExtractedText, type ExtractionInput } from '@sift/core';
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
  const extractor = createDocumentExtractor({ ocr, ...(transcriber ? { transcriber } : {}) });
  return {
    async extract(input) {
      const extracted = await extractor.extract(input);
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
