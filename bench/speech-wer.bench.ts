// Speech recognition with the default engine, Whisper base through transformers.js: word error rate on jfk.wav
// (real speech) and on espeak-ng sentences in English, Polish and German (known text), whether the spoken
// language was detected right for each clip, and the real-time factor (processing time / audio length, warm
// model; below 1 is faster than real time). Prints one JSON line. Needs ../shared/fixtures, espeak-ng and the
// model (scripts/fetch-whisper-model.sh); without them it says so and exits cleanly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WhisperTransformersTranscriber } from '@sift/adapter-speech';
import { SPEECH_SAMPLES, speak, whisperModelsDir } from '@sift/adapter-speech/testing';
import { wordErrorRate } from '../packages/extractors/src/testing/error-rates.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures');
const jfk = path.join(fixtures, 'audio/jfk.wav');
const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const skip = (reason: string) => {
  console.log(JSON.stringify({ bench: 'speech_wer', skipped: reason }));
  process.exit(0);
};

if (!fs.existsSync(jfk)) skip(`fixtures not found under ${fixtures}`);
if (spawnSync('espeak-ng', ['--version']).status !== 0) skip('espeak-ng is not installed');
let modelsDir = '';
try {
  modelsDir = whisperModelsDir();
} catch (err) {
  skip((err as Error).message);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-speech-bench-'));
try {
  // espeak-ng writes 22.05 kHz; the audio extractor hands every engine 16 kHz mono, so the bench does too.
  const toWav16k = (file: string) => {
    const out = file.replace(/\.wav$/, '.16k.wav');
    spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', file, '-ac', '1', '-ar', '16000', out]);
    return out;
  };
  const clips = [
    {
      name: 'jfk',
      language: 'en',
      text: fs.readFileSync(path.join(fixtures, 'audio/jfk.txt'), 'utf8'),
      file: jfk,
    },
    ...SPEECH_SAMPLES.map((s) => ({ name: `espeak_${s.language}`, ...s, file: toWav16k(speak(s, tmp)) })),
  ];
  const whisper = new WhisperTransformersTranscriber({ modelsDir });
  let started = performance.now();
  await whisper.transcribe(jfk, {}); // loads the model
  const coldSeconds = (performance.now() - started) / 1000;

  let audioSeconds = 0;
  let busySeconds = 0;
  const results = [];
  for (const clip of clips) {
    started = performance.now();
    const transcript = await whisper.transcribe(clip.file, {});
    busySeconds += (performance.now() - started) / 1000;
    audioSeconds += transcript.durationMs / 1000;
    results.push({
      clip: clip.name,
      language: transcript.language,
      language_ok: transcript.language === clip.language,
      wer: round(wordErrorRate(transcript.text, clip.text)),
    });
  }
  const english = results.filter((r, i) => clips[i]!.language === 'en');
  console.log(
    JSON.stringify({
      bench: 'speech_wer',
      engine: 'whisper-transformers onnx-community/whisper-base',
      speech_wer_en: round(english.reduce((sum, r) => sum + r.wer, 0) / english.length),
      speech_language_accuracy: round(results.filter((r) => r.language_ok).length / results.length),
      speech_realtime_factor: round(busySeconds / audioSeconds),
      cold_start_s: round(coldSeconds),
      audio_s: round(audioSeconds, 1),
      clips: results,
    }),
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
