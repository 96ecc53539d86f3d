import type { Config } from '@sift/config';
import type { ContentDetector, DocumentExtractor, Logger, Ocr, Transcriber } from '@sift/core';
import {
  OpenAiTranscriber,
  PocketsphinxTranscriber,
  WhisperTransformersTranscriber,
} from '@sift/adapter-speech';
import { TesseractOcr } from '@sift/adapter-tesseract';
import { createDocumentExtractor, FileContentDetector } from '@sift/extractors';

/** Detection, extraction and the engines behind it (OCR, speech), chosen from config. */
export interface Extraction {
  detector: ContentDetector;
  extractor: DocumentExtractor;
  ocr: Ocr;
  transcriber: Transcriber | null;
  /** Stops OCR workers and model sessions. */
  close(): Promise<void>;
}

/** Chooses the speech engine; the only place that knows the transcriber adapters. */
export function createTranscriber(config: Config): Transcriber | null {
  const t = config.transcription;
  switch (t.engine) {
    case 'none':
      return null;
    case 'whisper':
      return new WhisperTransformersTranscriber({
        model: t.whisperModel,
        modelsDir: config.models.dir,
        allowRemoteModels: config.models.allowDownloads,
      });
    case 'openai':
      // loadConfig guarantees the URL for this engine.
      return new OpenAiTranscriber({
        baseUrl: t.openai.url ?? '',
        model: t.openai.model,
        ...(t.openai.apiKey ? { apiKey: t.openai.apiKey } : {}),
      });
    case 'pocketsphinx':
      return new PocketsphinxTranscriber();
  }
}

/**
 * Builds the extraction stack. Engines are lazy (tesseract workers start at the first image, Whisper loads at
 * the first recording), so a process that never sees such a file pays nothing for them.
 */
export function createExtraction(config: Config, logger: Logger): Extraction {
  const ocr = new TesseractOcr({ poolSize: 1 });
  const transcriber = createTranscriber(config);
  const extractor = createDocumentExtractor({ ocr, ...(transcriber ? { transcriber } : {}) });
  logger.debug(
    { transcriber: transcriber?.name ?? 'none', ocrLanguages: config.ingest.ocrLanguages },
    'extraction ready',
  );
  return {
    detector: new FileContentDetector(),
    extractor,
    ocr,
    transcriber,
    close: () => ocr.close(),
  };
}
