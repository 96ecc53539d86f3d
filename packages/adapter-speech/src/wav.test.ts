import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, downmix, parseWavHeader, readWavAsMono, readWavInfo, resample } from './wav.js';

const JFK = fileURLToPath(new URL('../../../../shared/fixtures/audio/jfk.wav', import.meta.url));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-wav-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

function ffprobeDurationMs(file: string): number {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    file,
  ]);
  return Math.round(Number(out.toString().trim()) * 1000);
}

function rms(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum / n);
}

describe('WAV reading', () => {
  it('reads the header of the fixture as ffprobe does', async () => {
    const info = await readWavInfo(JFK);
    expect(info).toMatchObject({ format: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
    expect(info.durationMs).toBe(ffprobeDurationMs(JFK));
    expect(info.dataOffset + info.dataBytes).toBeLessThanOrEqual(fs.statSync(JFK).size);
  });

  it('decodes 16-bit samples to -1..1 floats, one per frame', async () => {
    const info = await readWavInfo(JFK);
    const samples = await readWavAsMono(JFK);
    expect(samples.length).toBe(info.dataBytes / 2);
    const bytes = fs.readFileSync(JFK);
    expect(samples[1000]).toBeCloseTo(bytes.readInt16LE(info.dataOffset + 2000) / 32768, 6);
    expect(samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0)).toBeLessThanOrEqual(1);
  });

  it('decodes 8-, 24-, 32-bit integer and float WAVs of the same audio alike', async () => {
    const reference = await readWavAsMono(JFK);
    for (const codec of ['pcm_u8', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le', 'pcm_f64le']) {
      const file = path.join(tmp, `jfk-${codec}.wav`);
      ffmpeg(['-i', JFK, '-c:a', codec, file]);
      const samples = await readWavAsMono(file);
      expect(samples.length).toBe(reference.length);
      // 8-bit keeps 1/128 steps; the rest are lossless widenings of 16-bit samples.
      expect(rms(samples, reference)).toBeLessThan(codec === 'pcm_u8' ? 0.01 : 1e-6);
    }
  });

  it('reads a WAV streamed to a pipe, whose header has no real sizes', async () => {
    const file = path.join(tmp, 'piped.wav');
    const bytes = execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', JFK, '-f', 'wav', 'pipe:1'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    fs.writeFileSync(file, bytes);
    const info = await readWavInfo(file);
    expect(info.durationMs).toBe(ffprobeDurationMs(JFK));
  });

  it('downmixes stereo and resamples 44.1 kHz to 16 kHz close to what ffmpeg does', async () => {
    const stereo = path.join(tmp, 'stereo-44k.wav');
    const ffmpeg16k = path.join(tmp, 'mono-16k.wav');
    ffmpeg(['-i', JFK, '-ar', '44100', '-ac', '2', stereo]);
    ffmpeg(['-i', stereo, '-ar', '16000', '-ac', '1', ffmpeg16k]);
    const { sampleRate, channels } = decodeWav(fs.readFileSync(stereo));
    expect(sampleRate).toBe(44_100);
    expect(channels).toHaveLength(2);
    const ours = resample(downmix(channels), 44_100, 16_000);
    const theirs = await readWavAsMono(ffmpeg16k);
    expect(Math.abs(ours.length - theirs.length)).toBeLessThanOrEqual(1);
    expect(rms(ours, theirs)).toBeLessThan(0.01);
    expect(await readWavAsMono(stereo)).toEqual(ours);
  });

  it('upsamples 8 kHz audio keeping a tone at its frequency', () => {
    const tone = new Float32Array(8000).map((_, i) => Math.sin((2 * Math.PI * 440 * i) / 8000));
    const up = resample(tone, 8000, 16_000);
    expect(up.length).toBe(16_000);
    let crossings = 0;
    for (let i = 1; i < up.length; i++) if (up[i - 1]! < 0 && up[i]! >= 0) crossings++;
    expect(Math.abs(crossings - 440)).toBeLessThanOrEqual(1);
  });

  it('rejects files that are not WAV with AUDIO_INPUT_INVALID', () => {
    expect(() => parseWavHeader(Buffer.from('ID3\u0004 this is an mp3'))).toThrow(
      expect.objectContaining({ code: 'AUDIO_INPUT_INVALID', category: 'user', retryable: false }),
    );
    const header = fs.readFileSync(JFK).subarray(0, 20);
    expect(() => parseWavHeader(header)).toThrow(expect.objectContaining({ code: 'AUDIO_INPUT_INVALID' }));
  });
});
