import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A sentence with known text, spoken by espeak-ng in one language. */
export interface SpeechSample {
  /** Whisper / ISO 639-1 code; also the espeak-ng voice. */
  language: string;
  text: string;
}

/**
 * Three sentences per language, parallel in content. Whisper base needs a few seconds of speech to tell
 * espeak-ng's synthetic Polish and German apart from neighbouring languages; one short sentence is a coin toss.
 */
export const SPEECH_SAMPLES: readonly SpeechSample[] = [
  {
    language: 'en',
    text: 'Today is a beautiful day. We are looking for documents in the company archive. London is the capital of England.',
  },
  {
    language: 'pl',
    text: 'Dzisiaj jest piękny dzień. Szukamy dokumentów w archiwum firmy. Warszawa jest stolicą Polski.',
  },
  {
    language: 'de',
    text: 'Heute ist ein schöner Tag. Wir suchen Dokumente im Archiv der Firma. Berlin ist die Hauptstadt von Deutschland.',
  },
];

/**
 * Speaks a sample into `<dir>/speech-<language>.wav` with espeak-ng. One voice setting for every language
 * (male variant 3, 160 words a minute, 20 ms between words): espeak-ng's default run-together delivery is
 * much harder for Whisper than human speech, the pauses bring it closer.
 */
export function speak(sample: SpeechSample, dir: string): string {
  const file = path.join(dir, `speech-${sample.language}.wav`);
  execFileSync('espeak-ng', ['-v', `${sample.language}+m3`, '-s', '160', '-g', '2', '-w', file, sample.text]);
  return file;
}

/**
 * Where tests and benches find the Whisper model: SIFT_MODELS_DIR, else the repository's ./data/models (where
 * scripts/fetch-whisper-model.sh puts it and CI runs it). Throws, rather than letting a test skip, when absent.
 */
export function whisperModelsDir(model = 'onnx-community/whisper-base'): string {
  const dir =
    process.env.SIFT_MODELS_DIR ?? fileURLToPath(new URL('../../../../data/models', import.meta.url));
  if (!fs.existsSync(path.join(dir, model, 'config.json'))) {
    throw new Error(
      `Whisper model ${model} is not in ${dir}: run \`bash scripts/fetch-whisper-model.sh\` (or set SIFT_MODELS_DIR)`,
    );
  }
  return dir;
}
