// OCR and speech: seconds per image for tesseract.js on testocr.png (cold start, then warm runs on one
// worker) and the real-time factor of PocketSphinx on jfk.wav (processing time / audio length; below 1 is
// faster than real time), with the error rates they reach. Prints one JSON line. The fixtures live outside
// the repository, in ../shared; without them the bench says so and exits cleanly.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PocketsphinxTranscriber, readWavInfo } from '@sift/adapter-speech';
import { TesseractOcr } from '@sift/adapter-tesseract';
import { characterErrorRate, wordErrorRate } from '../packages/extractors/src/testing/error-rates.js';

const OCR_RUNS = Number(process.env.BENCH_OCR_RUNS ?? 5);
const ASR_RUNS = Number(process.env.BENCH_ASR_RUNS ?? 3);
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures');
const image = path.join(fixtures, 'ocr/testocr.png');
const audio = path.join(fixtures, 'audio/jfk.wav');

if (!fs.existsSync(image) || !fs.existsSync(audio)) {
  console.log(JSON.stringify({ bench: 'ocr_transcribe', skipped: `fixtures not found under ${fixtures}` }));
  process.exit(0);
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

const ocr = new TesseractOcr();
let started = performance.now();
let result = await ocr.recognize(image, { languages: ['eng'] });
const ocrColdSeconds = (performance.now() - started) / 1000;
started = performance.now();
for (let i = 0; i < OCR_RUNS; i++) result = await ocr.recognize(image, { languages: ['eng'] });
const ocrSecondsPerImage = (performance.now() - started) / 1000 / OCR_RUNS;
await ocr.close();
const cer = characterErrorRate(result.text, fs.readFileSync(path.join(fixtures, 'ocr/testocr.txt'), 'utf8'));

const transcriber = new PocketsphinxTranscriber();
const { durationMs } = await readWavInfo(audio);
let transcript = await transcriber.transcribe(audio, {});
started = performance.now();
for (let i = 0; i < ASR_RUNS; i++) transcript = await transcriber.transcribe(audio, {});
const asrSeconds = (performance.now() - started) / 1000 / ASR_RUNS;
const wer = wordErrorRate(transcript.text, fs.readFileSync(path.join(fixtures, 'audio/jfk.txt'), 'utf8'));

console.log(
  JSON.stringify({
    bench: 'ocr_transcribe',
    ocr_engine: `${result.engine.name} ${result.engine.version}`,
    ocr_cold_s: round(ocrColdSeconds),
    ocr_s_per_image: round(ocrSecondsPerImage),
    ocr_cer: round(cer, 4),
    asr_engine: `${transcript.engine.name} ${transcript.engine.version}`,
    asr_audio_s: durationMs / 1000,
    asr_real_time_factor: round(asrSeconds / (durationMs / 1000)),
    asr_wer: round(wer),
  }),
);
