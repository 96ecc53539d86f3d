import type { Config } from '@sift/config';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import { TesseractOcr } from '@sift/adapter-tesseract';
import { createDocumentExtractor } from '@sift/extractors';
import { createTranscriber } from './transcriber.js';

/**
 * Built inside each extraction thread (see IsolatedDocumentExtractor): the format extractors with the OCR and
 * speech engines the config chooses. Engines are lazy, so a thread that never sees an image pays nothing for
 * tesseract. `config` arrives structured-cloned from the parent.
 */
export function createThreadExtractor(config: Config): {
  extract(input: ExtractionInput): Promise<ExtractedText>;
  close(): Promise<void>;
} {
  const ocr = new TesseractOcr({ poolSize: 1 });
  const transcriber = createTranscriber(config);
  const extractor = createDocumentExtractor({ ocr, ...(transcriber ? { transcriber } : {}) });
  return {
    extract: (input) => extractor.extract(input),
    close: () => ocr.close(),
  };
}
