import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhisperTransformersTranscriber } from '@sift/adapter-speech';
import { SPEECH_SAMPLES, speak, whisperModelsDir } from '@sift/adapter-speech/testing';
import type { ExtractedText } from '@sift/core';
import { wordErrorRate } from '../testing/error-rates.js';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { AudioExtractor } from './audio.extractor.js';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/audio/', import.meta.url));
const JFK = join(FIXTURES, 'jfk.wav');
const JFK_TEXT = readFileSync(join(FIXTURES, 'jfk.txt'), 'utf8');

// Whisper base (scripts/fetch-whisper-model.sh) reads jfk.wav word for word (WER 0); the bar is 15 %.
const MAX_WER_JFK = 0.15;
// espeak-ng's synthetic voices are far from the speech Whisper learnt from: measured WER is about 0.04 (en),
// 0.15 (pl) and 0.3 (de) with the samples' voice settings; unrelated text would score about 1.
const MAX_WER_SYNTHETIC = { en: 0.15, pl: 0.4, de: 0.5 } as Record<string, number>;

let tmp: string;
let extractor: AudioExtractor;
const extracted = new Map<string, Promise<ExtractedText>>();

/** Each file is transcribed once and shared by the tests that look at it: inference is the slow part. */
function extractOnce(path: string): Promise<ExtractedText> {
  let result = extracted.get(path);
  if (!result) {
    result = extractionInput(path, tmp).then((input) => extractor.extract(input));
    extracted.set(path, result);
  }
  return result;
}

beforeAll(async () => {
  tmp = await makeTempDir('sift-audio-whisper-');
  // Fails (never skips) with the command to run when the model is not installed.
  const modelsDir = whisperModelsDir();
  extractor = new AudioExtractor({ transcriber: new WhisperTransformersTranscriber({ modelsDir }) });
});

afterAll(() => removeTempDir(tmp));

// Whisper takes seconds per clip, many more when other suites share the two cores.
describe('AudioExtractor with Whisper', { timeout: 300_000 }, () => {
  it('transcribes jfk.wav within the word error bound, in time-stamped segments, detected as English', async () => {
    const result = await extractOnce(JFK);
    const wer = wordErrorRate(result.text, JFK_TEXT);
    console.log(`whisper jfk.wav: WER ${wer.toFixed(3)}: ${result.text}`);
    expect(wer).toBeLessThanOrEqual(MAX_WER_JFK);
    expect(result.metadata).toMatchObject({
      language: 'en',
      transcriber: 'whisper-transformers',
      transcriberModel: 'onnx-community/whisper-base',
      durationMs: 11_000,
    });
    expect(result.blocks.length).toBeGreaterThan(0);
    let previousEnd = 0;
    for (const block of result.blocks) {
      expect(block.kind).toBe('segment');
      expect(block.timeStartMs!).toBeGreaterThanOrEqual(previousEnd);
      expect(block.timeEndMs!).toBeGreaterThan(block.timeStartMs!);
      expect(block.timeEndMs!).toBeLessThanOrEqual(11_000);
      previousEnd = block.timeEndMs!;
    }
    expectConsistentOffsets(result);
  });

  it('reads the same speech from a lossy MP3', async () => {
    const mp3 = join(tmp, 'jfk.mp3');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-i',
      JFK,
      '-c:a',
      'libmp3lame',
      '-q:a',
      '5',
      mp3,
    ]);
    const result = await extractOnce(mp3);
    expect(wordErrorRate(result.text, JFK_TEXT)).toBeLessThanOrEqual(MAX_WER_JFK);
    expect(result.metadata.language).toBe('en');
  });

  for (const sample of SPEECH_SAMPLES) {
    it(`detects ${sample.language} in espeak-ng speech and transcribes it`, async () => {
      const result = await extractOnce(speak(sample, tmp));
      const wer = wordErrorRate(result.text, sample.text);
      console.log(`whisper espeak-ng ${sample.language}: WER ${wer.toFixed(3)}: ${result.text}`);
      expect(result.metadata.language).toBe(sample.language);
      expect(wer).toBeLessThanOrEqual(MAX_WER_SYNTHETIC[sample.language]!);
    });
  }
});
