import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { whisperModelsDir } from './testing/speech-samples.js';
import { WhisperTransformersTranscriber } from './whisper-transformers-transcriber.adapter.js';

const JFK = fileURLToPath(new URL('../../../../shared/fixtures/audio/jfk.wav', import.meta.url));

let modelsDir: string;
beforeAll(() => {
  // Fails (never skips) with the command to run when the model is not installed.
  modelsDir = whisperModelsDir();
});

// Real Whisper base inference: seconds per clip, more when other suites share the two cores.
describe('Whisper language detection', { timeout: 300_000 }, () => {
  it('chooses only among the configured languages', async () => {
    const whisper = new WhisperTransformersTranscriber({ modelsDir, languages: ['pl', 'de'] });
    const transcript = await whisper.transcribe(JFK, {});
    expect(['pl', 'de']).toContain(transcript.language);
  });

  it('takes a language it is given instead of detecting one', async () => {
    const whisper = new WhisperTransformersTranscriber({ modelsDir, languages: ['pl'] });
    const transcript = await whisper.transcribe(JFK, { language: 'en' });
    expect(transcript.language).toBe('en');
    expect(transcript.text).toContain('ask not what your country can do for you');
  });

  it('leaves the language unknown when no configured language is one the model knows', async () => {
    const whisper = new WhisperTransformersTranscriber({ modelsDir, languages: ['xx'] });
    const transcript = await whisper.transcribe(JFK, {});
    expect(transcript.language).toBeNull();
    expect(transcript.text.length).toBeGreaterThan(0);
  });
});
