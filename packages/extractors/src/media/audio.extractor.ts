import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@sift/core';
import type { ExtractedMetadata, ExtractedText, ExtractionInput, Transcriber } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { findTag, probeMedia, runFfmpeg, type FfmpegPaths } from './ffmpeg-tools.js';
import { declaredWavMs, readWavHeader } from './wav-header.js';

/** Options of {@link AudioExtractor}. */
export interface AudioExtractorOptions extends FfmpegPaths {
  /** The speech engine; null when transcription is switched off, and then audio fails with `TRANSCRIPTION_UNAVAILABLE`. */
  transcriber: Transcriber | null;
}

/** Bytes per second of the 16 kHz mono 16-bit WAV every transcriber gets. */
const WAV_BYTES_PER_SECOND = 16_000 * 2;
const WAV_HEADER_BYTES = 44;
/** Less decoded audio than this, from a file that declares much more, is no audio at all. */
const MIN_AUDIO_MS = 100;

/**
 * Audio through speech recognition. ffprobe reads duration, codec and tags (title, artist); ffmpeg decodes
 * any supported format to a 16 kHz mono WAV in the workDir; the transcriber turns that into time-stamped
 * segments, one `segment` block each. Files ffmpeg cannot decode are `DOCUMENT_CORRUPT`.
 */
export class AudioExtractor implements FormatExtractor {
  readonly extensions = ['mp3', 'wav', 'ogg', 'm4a', 'flac'] as const;

  constructor(private readonly options: AudioExtractorOptions) {}

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const { transcriber } = this.options;
    if (!transcriber) {
      throw new AppError(
        'TRANSCRIPTION_UNAVAILABLE',
        'system',
        'Speech recognition is not enabled, so audio cannot be read',
        {
          details: { filename: input.filename },
          retryable: false,
        },
      );
    }
    input.signal.throwIfAborted();
    const probe = await probeMedia(input.path, 'audio file', { ...this.options, signal: input.signal });
    const stream = probe.streams.find((s) => s.codec_type === 'audio');
    if (!stream) {
      throw new AppError('DOCUMENT_CORRUPT', 'user', 'The file contains no audio stream', {
        details: { format: probe.format.format_name },
        retryable: false,
      });
    }
    // ffprobe times a WAV by the bytes present, so a cut one looks whole; its header says what was written.
    const header = input.type.extension === 'wav' ? await readWavHeader(input.path) : null;
    const declaredMs = (header && declaredWavMs(header)) ?? seconds(probe.format.duration ?? stream.duration);
    if (header?.declaredBytes === 0) return emptyRecording(transcriber, stream);
    const warnings: string[] = [];

    const wav = join(input.workDir, 'audio.wav');
    try {
      // Decoding runs far faster than real time; a minute plus the audio's own length is plenty.
      const timeoutMs = 60_000 + (declaredMs ?? 600_000);
      await runFfmpeg(
        // `-map_metadata -1 -fflags +bitexact` keep the WAV header at the canonical 44 bytes, which some
        // engines (pocketsphinx 0.8) assume.
        [
          ...['-i', input.path, '-vn', '-ac', '1', '-ar', '16000', '-sample_fmt', 's16'],
          ...['-map_metadata', '-1', '-fflags', '+bitexact', '-f', 'wav', wav],
        ],
        'audio file',
        { ...this.options, signal: input.signal, timeoutMs },
      );
      const decodedMs = await wavDurationMs(wav);
      if (decodedMs === 0 || (decodedMs < MIN_AUDIO_MS && (declaredMs ?? 0) > 10 * MIN_AUDIO_MS)) {
        throw new AppError('DOCUMENT_CORRUPT', 'user', 'The audio file contains no decodable audio', {
          details: { declaredMs, decodedMs },
          retryable: false,
        });
      }
      if (declaredMs !== null && decodedMs < declaredMs * 0.9) {
        warnings.push(
          `The audio is truncated: decoded ${(decodedMs / 1000).toFixed(1)} s of ${(declaredMs / 1000).toFixed(1)} s`,
        );
      }
      input.onProgress?.(0.1);
      const transcript = await transcriber.transcribe(wav, { signal: input.signal });
      input.onProgress?.(1);

      const builder = new TextBuilder();
      for (const segment of transcript.segments) {
        builder.add('segment', segment.text, {
          timeStartMs: segment.startMs,
          timeEndMs: segment.endMs,
          ...(segment.confidence !== undefined ? { confidence: segment.confidence } : {}),
        });
      }
      if (transcript.segments.length === 0) warnings.push('No speech was recognised in the audio');
      const title = findTag(['title'], probe.format.tags, stream.tags);
      const author = findTag(
        ['artist', 'album_artist', 'author', 'composer'],
        probe.format.tags,
        stream.tags,
      );
      const metadata: ExtractedMetadata = {
        ...(title ? { title } : {}),
        ...(author ? { author } : {}),
        durationMs: transcript.durationMs || decodedMs,
        ...(transcript.language ? { language: transcript.language } : {}),
        codec: stream.codec_name,
        ...(stream.sample_rate ? { sampleRate: Number(stream.sample_rate) } : {}),
        ...(stream.channels ? { channels: stream.channels } : {}),
        transcriber: transcript.engine.name,
        ...(transcript.engine.model ? { transcriberModel: transcript.engine.model } : {}),
      };
      return builder.build({
        metadata,
        extractor: { name: transcript.engine.name, version: transcript.engine.version },
        warnings,
      });
    } finally {
      await rm(wav, { force: true });
    }
  }
}

/**
 * A WAV whose header declares no audio at all (and holds none) is an empty recording, not a damaged one: it is
 * kept without text, with a warning, and the transcriber (some refuse empty input) is not asked.
 */
function emptyRecording(
  transcriber: Transcriber,
  stream: { codec_name?: string; sample_rate?: string; channels?: number },
): ExtractedText {
  return new TextBuilder().build({
    metadata: {
      durationMs: 0,
      codec: stream.codec_name,
      ...(stream.sample_rate ? { sampleRate: Number(stream.sample_rate) } : {}),
      ...(stream.channels ? { channels: stream.channels } : {}),
    },
    extractor: { name: transcriber.name, version: 'not run: no audio' },
    warnings: ['The WAV file holds no audio samples'],
  });
}

function seconds(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : null;
}

/** ffmpeg writes the data size into the header of a seekable WAV; the file size says the same. */
async function wavDurationMs(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return Math.round((Math.max(0, size - WAV_HEADER_BYTES) / WAV_BYTES_PER_SECOND) * 1000);
  } finally {
    await handle.close();
  }
}
