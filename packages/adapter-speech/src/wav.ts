import fs from 'node:fs';
import { AppError } from '@sift/core';

/** The format of a RIFF/WAVE file and where its samples are. */
export interface WavInfo {
  /** 1 integer PCM, 3 IEEE float. */
  format: 1 | 3;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataOffset: number;
  dataBytes: number;
  durationMs: number;
}

const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

function invalid(message: string): AppError {
  return new AppError('AUDIO_INPUT_INVALID', 'user', `Not a readable WAV file: ${message}`, {
    retryable: false,
  });
}

/**
 * Parses a WAV header. `fileSize` bounds the data chunk: a WAV written to a pipe carries a placeholder size
 * (0 or 0xFFFFFFFF) and its samples run to the end of the file. Throws `AUDIO_INPUT_INVALID` (user).
 */
export function parseWavHeader(head: Buffer, fileSize = head.length): WavInfo {
  if (
    head.length < 12 ||
    head.toString('latin1', 0, 4) !== 'RIFF' ||
    head.toString('latin1', 8, 12) !== 'WAVE'
  ) {
    throw invalid('no RIFF/WAVE signature');
  }
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'durationMs'> | null = null;
  let offset = 12;
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + 16 > head.length) throw invalid('truncated fmt chunk');
      let format = head.readUInt16LE(body);
      if (format === WAVE_FORMAT_EXTENSIBLE && size >= 26 && body + 26 <= head.length) {
        format = head.readUInt16LE(body + 24); // first two bytes of the sub-format GUID
      }
      if (format !== 1 && format !== 3) throw invalid(`unsupported sample format ${format}`);
      fmt = {
        format,
        channels: head.readUInt16LE(body + 2),
        sampleRate: head.readUInt32LE(body + 4),
        bitsPerSample: head.readUInt16LE(body + 14),
      };
      if (fmt.channels < 1 || fmt.sampleRate < 1 || ![8, 16, 24, 32, 64].includes(fmt.bitsPerSample)) {
        throw invalid('bad fmt chunk');
      }
    } else if (id === 'data') {
      if (!fmt) throw invalid('data chunk before fmt chunk');
      const available = Math.max(0, fileSize - body);
      const dataBytes = size === 0 || size === 0xffffffff ? available : Math.min(size, available);
      const frameBytes = (fmt.bitsPerSample / 8) * fmt.channels;
      const frames = Math.floor(dataBytes / frameBytes);
      return {
        ...fmt,
        dataOffset: body,
        dataBytes: frames * frameBytes,
        durationMs: Math.round((frames / fmt.sampleRate) * 1000),
      };
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  throw invalid('no data chunk');
}

/** Reads only the header of a WAV file (metadata chunks before the samples can be large, so up to 1 MB). */
export async function readWavInfo(path: string): Promise<WavInfo> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 1024 * 1024));
    await handle.read(head, 0, head.length, 0);
    return parseWavHeader(head, size);
  } finally {
    await handle.close();
  }
}

/** Decodes the samples of a WAV file to one Float32Array per channel, in -1..1. */
export function decodeWav(bytes: Buffer): { sampleRate: number; channels: Float32Array[] } {
  const info = parseWavHeader(bytes);
  const bytesPerSample = info.bitsPerSample / 8;
  const frames = info.dataBytes / (bytesPerSample * info.channels);
  const channels = Array.from({ length: info.channels }, () => new Float32Array(frames));
  const read = sampleReader(info);
  let at = info.dataOffset;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < info.channels; c++) {
      channels[c]![i] = read(bytes, at);
      at += bytesPerSample;
    }
  }
  return { sampleRate: info.sampleRate, channels };
}

function sampleReader(info: WavInfo): (b: Buffer, at: number) => number {
  if (info.format === 3) {
    if (info.bitsPerSample === 32) return (b, at) => b.readFloatLE(at);
    if (info.bitsPerSample === 64) return (b, at) => b.readDoubleLE(at);
    throw invalid(`${info.bitsPerSample}-bit float samples`);
  }
  switch (info.bitsPerSample) {
    case 8:
      return (b, at) => (b[at]! - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return (b, at) => b.readInt16LE(at) / 32768;
    case 24:
      return (b, at) => b.readIntLE(at, 3) / 8388608;
    case 32:
      return (b, at) => b.readInt32LE(at) / 2147483648;
    default:
      throw invalid(`${info.bitsPerSample}-bit integer samples`);
  }
}

/** Averages the channels into one. */
export function downmix(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]!.length);
  for (const channel of channels)
    for (let i = 0; i < out.length; i++) out[i]! += channel[i]! / channels.length;
  return out;
}

/**
 * Resamples by linear interpolation. When lowering the rate, each output sample first averages the input
 * samples of its own interval (a box filter), which keeps most of the aliasing out of speech bands.
 */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  const step = from / to;
  const length = Math.floor((samples.length * to) / from);
  const out = new Float32Array(length);
  const last = samples.length - 1;
  for (let i = 0; i < length; i++) {
    const centre = i * step;
    if (step > 1) {
      const lo = Math.max(0, Math.ceil(centre - step / 2));
      const hi = Math.min(last, Math.floor(centre + step / 2));
      let sum = 0;
      for (let j = lo; j <= hi; j++) sum += samples[j]!;
      out[i] = hi >= lo ? sum / (hi - lo + 1) : samples[Math.min(last, Math.round(centre))]!;
    } else {
      const j = Math.floor(centre);
      const frac = centre - j;
      out[i] = samples[j]! * (1 - frac) + samples[Math.min(last, j + 1)]! * frac;
    }
  }
  return out;
}

/** Reads a WAV file as mono Float32 PCM at `sampleRate` (16 kHz for Whisper). */
export async function readWavAsMono(path: string, sampleRate = 16_000): Promise<Float32Array> {
  const { sampleRate: from, channels } = decodeWav(await fs.promises.readFile(path));
  return resample(downmix(channels), from, sampleRate);
}
