import fs from 'node:fs';
import path from 'node:path';
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
    case 'auto':
      // Whisper (multilingual, far more accurate) once its model is installed, e.g. by
      // scripts/fetch-whisper-model.sh; otherwise pocketsphinx, which answers TOOL_MISSING when absent too.
      return whisperModelPresent(config) ? whisper(config) : new PocketsphinxTranscriber();
    case 'whisper':
      return whisper(config);
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

function whisper(config: Config): WhisperTransformersTranscriber {
  const t = config.transcription;
  return new WhisperTransformersTranscriber({
    model: t.whisperModel,
    modelsDir: config.models.dir,
    allowRemoteModels: config.models.allowDownloads,
    ...(t.whisperLanguages ? { languages: t.whisperLanguages } : {}),
  });
}

/** transformers.js looks a model id up as `<models dir>/<id>/`; its config.json marks a complete install. */
export function whisperModelPresent(config: Config): boolean {
  return fs.existsSync(
    path.join(path.resolve(config.models.dir, config.transcription.whisperModel), 'config.json'),
  );
}
