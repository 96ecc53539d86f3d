import type { Config } from '@sift/config';
import type { Transcriber } from '@sift/core';
import {
  OpenAiTranscriber,
  PocketsphinxTranscriber,
  WhisperTransformersTranscriber,
} from '@sift/adapter-speech';

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
