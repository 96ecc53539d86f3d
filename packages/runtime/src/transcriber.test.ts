import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PocketsphinxTranscriber, WhisperTransformersTranscriber } from '@sift/adapter-speech';
import { loadConfig } from '@sift/config';
import { createTranscriber } from './transcriber.js';

let modelsDir: string;
beforeEach(() => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-transcriber-models-'));
});
afterEach(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

function installModel(id: string): void {
  fs.mkdirSync(path.join(modelsDir, id), { recursive: true });
  fs.writeFileSync(path.join(modelsDir, id, 'config.json'), '{"model_type":"whisper"}');
}

describe('createTranscriber', () => {
  it('chooses Whisper by default once its model is in the models dir', () => {
    installModel('onnx-community/whisper-base');
    const transcriber = createTranscriber(loadConfig({ SIFT_MODELS_DIR: modelsDir }));
    expect(transcriber).toBeInstanceOf(WhisperTransformersTranscriber);
  });

  it('falls back to pocketsphinx by default when the Whisper model is not installed', () => {
    installModel('onnx-community/whisper-tiny');
    const transcriber = createTranscriber(loadConfig({ SIFT_MODELS_DIR: modelsDir }));
    expect(transcriber).toBeInstanceOf(PocketsphinxTranscriber);
  });

  it('looks for the configured model, not the default one', () => {
    installModel('onnx-community/whisper-tiny');
    const config = loadConfig({
      SIFT_MODELS_DIR: modelsDir,
      SIFT_WHISPER_MODEL: 'onnx-community/whisper-tiny',
    });
    expect(createTranscriber(config)).toBeInstanceOf(WhisperTransformersTranscriber);
  });

  it('uses the engine named explicitly, model or not', () => {
    expect(
      createTranscriber(loadConfig({ SIFT_MODELS_DIR: modelsDir, SIFT_TRANSCRIBER: 'whisper' })),
    ).toBeInstanceOf(WhisperTransformersTranscriber);
    installModel('onnx-community/whisper-base');
    expect(
      createTranscriber(loadConfig({ SIFT_MODELS_DIR: modelsDir, SIFT_TRANSCRIBER: 'pocketsphinx' })),
    ).toBeInstanceOf(PocketsphinxTranscriber);
    expect(createTranscriber(loadConfig({ SIFT_TRANSCRIBER: 'none' }))).toBeNull();
  });

  it('rejects an invalid language list', () => {
    expect(() => loadConfig({ SIFT_WHISPER_LANGUAGES: 'en,Polish' })).toThrow(/SIFT_WHISPER_LANGUAGES/);
    expect(loadConfig({ SIFT_WHISPER_LANGUAGES: 'en,pl,de' }).transcription.whisperLanguages).toEqual([
      'en',
      'pl',
      'de',
    ]);
  });
});
