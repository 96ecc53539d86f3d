import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PocketsphinxTranscriber } from './pocketsphinx-transcriber.adapter.js';
import { groupIntoSegments, parseTimedWords } from './pocketsphinx-output.js';
import { readWavInfo } from './wav.js';

const JFK = fileURLToPath(new URL('../../../../shared/fixtures/audio/jfk.wav', import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-pocketsphinx-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('pocketsphinx output', () => {
  // The shape `pocketsphinx_continuous -time yes` prints: hypothesis line, then `word start end posterior`.
  const sample = [
    'ask not what',
    '<s> 0.000 0.040 0.998900',
    'ask 0.050 0.300 0.900000',
    '<sil> 0.310 0.500 0.828680',
    'not(2) 0.510 0.800 0.500000',
    '[NOISE] 0.810 0.900 0.100000',
    '++BREATH++ 0.910 1.000 0.100000',
    'what 2.000 2.400 1.000300',
    '</s> 2.410 2.440 1.000000',
  ].join('\n');

  it('keeps real words with times and drops markers, fillers and variant suffixes', () => {
    expect(parseTimedWords(sample)).toEqual([
      { word: 'ask', startMs: 50, endMs: 300, confidence: 0.9 },
      { word: 'not', startMs: 510, endMs: 800, confidence: 0.5 },
      { word: 'what', startMs: 2000, endMs: 2400, confidence: 1 },
    ]);
  });

  it('starts a new segment after a long pause or past the length limit', () => {
    const words = parseTimedWords(sample);
    const byPause = groupIntoSegments(words, { maxPauseMs: 600, maxSegmentMs: 15_000 });
    expect(byPause.map((s) => s.text)).toEqual(['ask not', 'what']);
    expect(byPause[0]).toMatchObject({ startMs: 50, endMs: 800, confidence: 0.7 });
    const byLength = groupIntoSegments(words, { maxPauseMs: 5_000, maxSegmentMs: 500 });
    expect(byLength.map((s) => s.text)).toEqual(['ask', 'not', 'what']);
  });
});

// Each decoding takes seconds, several times more when other suites share the two cores.
describe('PocketsphinxTranscriber', { timeout: 120_000 }, () => {
  const transcriber = new PocketsphinxTranscriber();

  it('transcribes jfk.wav into ordered, in-range segments of English words', async () => {
    const transcript = await transcriber.transcribe(JFK, {});
    const info = await readWavInfo(JFK);
    expect(transcript.durationMs).toBe(info.durationMs);
    expect(transcript.language).toBe('en');
    expect(transcript.engine).toMatchObject({ name: 'pocketsphinx', model: 'en-us.lm.bin' });
    expect(transcript.engine.version).not.toBe('');
    expect(transcript.segments.length).toBeGreaterThan(1);
    let previousEnd = 0;
    for (const segment of transcript.segments) {
      expect(segment.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(segment.endMs).toBeGreaterThan(segment.startMs);
      expect(segment.endMs).toBeLessThanOrEqual(transcript.durationMs);
      expect(segment.confidence).toBeGreaterThanOrEqual(0);
      expect(segment.confidence).toBeLessThanOrEqual(1);
      expect(segment.text).toMatch(/^[a-z' ]+$/);
      previousEnd = segment.endMs;
    }
    expect(transcript.text).toBe(transcript.segments.map((s) => s.text).join(' '));
    // PocketSphinx gets most of this clip's words wrong (see the audio extractor's WER test); these phrases
    // of the reference are among those it hears.
    expect(transcript.text).toContain('and not');
    expect(transcript.text).toContain('your country');
  });

  it('decodes the same samples whatever the WAV header length', async () => {
    // The fixture has ffmpeg's LIST chunk (a 78-byte header); this copy has the canonical 44 bytes.
    const canonical = path.join(tmp, 'canonical.wav');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-i',
      JFK,
      '-map_metadata',
      '-1',
      '-fflags',
      '+bitexact',
      canonical,
    ]);
    const [long, short] = await Promise.all([readWavInfo(JFK), readWavInfo(canonical)]);
    expect(long.dataOffset).toBeGreaterThan(44);
    expect(short.dataOffset).toBe(44);
    const [fromLong, fromShort] = await Promise.all([
      transcriber.transcribe(JFK, {}),
      transcriber.transcribe(canonical, {}),
    ]);
    expect(fromShort.segments).toEqual(fromLong.segments);
  });

  it('fails with TOOL_MISSING naming the Debian packages when the binary is absent', async () => {
    const missing = new PocketsphinxTranscriber({ binary: path.join(tmp, 'no-such-pocketsphinx') });
    const err = await rejection(missing.transcribe(JFK, {}));
    expect(err).toMatchObject({ code: 'TOOL_MISSING', category: 'system', retryable: false });
    expect((err as Error).message).toContain('pocketsphinx-en-us');
  });

  it('fails with MODEL_MISSING when a model file is not where configured', async () => {
    const missing = new PocketsphinxTranscriber({ dict: path.join(tmp, 'absent.dict') });
    const err = await rejection(missing.transcribe(JFK, {}));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false, details: { part: 'dict' } });
  });

  it('fails with TOOL_FAILED and the decoder’s complaint when the model is broken', async () => {
    const badLm = path.join(tmp, 'bad.lm.bin');
    fs.writeFileSync(badLm, 'not a language model');
    const broken = new PocketsphinxTranscriber({ lm: badLm });
    const err = await rejection(broken.transcribe(JFK, {}));
    expect(err).toMatchObject({ code: 'TOOL_FAILED', retryable: false });
    expect((err as { details: { stderr: string } }).details.stderr).toContain('bad.lm.bin');
  });

  it('refuses audio that is not 16 kHz mono 16-bit with AUDIO_INPUT_INVALID', async () => {
    const stereo = path.join(tmp, 'stereo.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', JFK, '-ac', '2', stereo]);
    const err = await rejection(transcriber.transcribe(stereo, {}));
    expect(err).toMatchObject({ code: 'AUDIO_INPUT_INVALID', category: 'user' });
  });

  it('refuses a language other than English', async () => {
    const err = await rejection(transcriber.transcribe(JFK, { language: 'de' }));
    expect(err).toMatchObject({ code: 'TRANSCRIBER_LANGUAGE_UNSUPPORTED', retryable: false });
    await expect(transcriber.transcribe(JFK, { language: 'en-US' })).resolves.toMatchObject({
      language: 'en',
    });
  });

  it('kills the decoder and throws the reason on abort', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = transcriber.transcribe(JFK, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(pending)).toBe(reason);
  });

  it('fails with TOOL_TIMEOUT when decoding runs past its limit', async () => {
    const hasty = new PocketsphinxTranscriber({ baseTimeoutMs: 1, timePerAudioSecondMs: 0 });
    const err = await rejection(hasty.transcribe(JFK, {}));
    expect(err).toMatchObject({ code: 'TOOL_TIMEOUT', retryable: true });
  });
});
