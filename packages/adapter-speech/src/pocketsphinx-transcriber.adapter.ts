import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, type Transcriber, type Transcript } from '@sift/core';
import {
  DEFAULT_SEGMENT_RULES,
  groupIntoSegments,
  parseTimedWords,
  type SegmentRules,
} from './pocketsphinx-output.js';
import { runTool } from '@sift/tools';
import { readWavInfo, type WavInfo } from './wav.js';

const MODEL_ROOT = '/usr/share/pocketsphinx/model/en-us';
const TOOL_HINT = 'Debian packages pocketsphinx and pocketsphinx-en-us';

/**
 * Pocketsphinx 0.8 skips exactly 44 bytes of a `.wav` and decodes any longer header (ffmpeg adds a LIST
 * chunk unless told not to) as samples, which shifts its frames and changes what it hears. A WAV with the
 * canonical 44-byte header is read in place; any other has its samples copied to a headerless `.raw` file
 * (16 kHz little-endian, the decoder's defaults for raw input) in a private temp directory.
 */
async function canonicalInput(
  wavPath: string,
  info: WavInfo,
): Promise<{ input: string; cleanUp: () => Promise<void> }> {
  if (info.dataOffset === 44 && wavPath.toLowerCase().endsWith('.wav')) {
    return { input: wavPath, cleanUp: async () => undefined };
  }
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sift-pocketsphinx-'));
  const raw = path.join(dir, 'audio.raw');
  await pipeline(
    fs.createReadStream(wavPath, { start: info.dataOffset, end: info.dataOffset + info.dataBytes - 1 }),
    fs.createWriteStream(raw),
  );
  return { input: raw, cleanUp: () => fs.promises.rm(dir, { recursive: true, force: true }) };
}

/** Options of {@link PocketsphinxTranscriber}; the defaults are where Debian's pocketsphinx-en-us puts them. */
export interface PocketsphinxOptions {
  binary?: string;
  /** Acoustic model directory. */
  hmm?: string;
  /** Language model (`.lm.bin`). */
  lm?: string;
  /** Pronunciation dictionary. */
  dict?: string;
  /** Fixed part of the time limit; the decoder also gets `timePerAudioSecondMs` per second of audio. */
  baseTimeoutMs?: number;
  timePerAudioSecondMs?: number;
  segments?: Partial<SegmentRules>;
}

/**
 * Offline English speech recognition with CMU PocketSphinx (`pocketsphinx_continuous`, Debian's 0.8). Fast
 * and small but rough: use it when no Whisper model or endpoint is available. Words come with times; they
 * are grouped into segments at pauses.
 */
export class PocketsphinxTranscriber implements Transcriber {
  readonly name = 'pocketsphinx';
  private readonly binary: string;
  private readonly model: { hmm: string; lm: string; dict: string };
  private version: Promise<string> | null = null;

  constructor(private readonly options: PocketsphinxOptions = {}) {
    this.binary = options.binary ?? 'pocketsphinx_continuous';
    this.model = {
      hmm: options.hmm ?? path.join(MODEL_ROOT, 'en-us'),
      lm: options.lm ?? path.join(MODEL_ROOT, 'en-us.lm.bin'),
      dict: options.dict ?? path.join(MODEL_ROOT, 'cmudict-en-us.dict'),
    };
  }

  async transcribe(
    wavPath: string,
    options: { language?: string; signal?: AbortSignal } = {},
  ): Promise<Transcript> {
    if (options.language && options.language.toLowerCase().split('-')[0] !== 'en') {
      throw new AppError(
        'TRANSCRIBER_LANGUAGE_UNSUPPORTED',
        'user',
        `PocketSphinx has only an English model; cannot transcribe language ${options.language}`,
        { details: { language: options.language }, retryable: false },
      );
    }
    this.checkModel();
    const info = await readWavInfo(wavPath);
    if (info.format !== 1 || info.bitsPerSample !== 16 || info.channels !== 1 || info.sampleRate !== 16_000) {
      throw new AppError(
        'AUDIO_INPUT_INVALID',
        'user',
        `PocketSphinx needs 16 kHz mono 16-bit PCM WAV, got ${info.sampleRate} Hz, ${info.channels} channel(s), ${info.bitsPerSample}-bit`,
        { details: { ...info }, retryable: false },
      );
    }
    const version = await this.engineVersion();
    const engine = { name: this.name, version, model: path.basename(this.model.lm) };
    if (info.dataBytes === 0) return { text: '', segments: [], language: 'en', durationMs: 0, engine };
    const timeoutMs =
      (this.options.baseTimeoutMs ?? 60_000) +
      (info.durationMs / 1000) * (this.options.timePerAudioSecondMs ?? 2_000);
    const { input, cleanUp } = await canonicalInput(wavPath, info);
    let stdout: string;
    try {
      ({ stdout } = await runTool(
        this.binary,
        [
          '-infile',
          input,
          '-time',
          'yes',
          '-hmm',
          this.model.hmm,
          '-lm',
          this.model.lm,
          '-dict',
          this.model.dict,
        ],
        // runTool's defaults keep the decoder off the network and below the server's CPU priority: a long
        // recording must not slow searches down.
        { timeoutMs, signal: options.signal, toolHint: TOOL_HINT },
      ));
    } finally {
      await cleanUp();
    }
    const segments = groupIntoSegments(parseTimedWords(stdout), {
      ...DEFAULT_SEGMENT_RULES,
      ...this.options.segments,
    });
    return {
      text: segments.map((s) => s.text).join(' '),
      segments,
      language: 'en',
      durationMs: info.durationMs,
      engine,
    };
  }

  private checkModel(): void {
    for (const [part, file] of Object.entries(this.model)) {
      if (!fs.existsSync(file)) {
        throw new AppError(
          'MODEL_MISSING',
          'system',
          // The file's name only: the message reaches API clients (a failed document), the directory is ours.
          `PocketSphinx ${part} model ${path.basename(file)} not found (${TOOL_HINT})`,
          { details: { part }, retryable: false },
        );
      }
    }
  }

  // pocketsphinx_continuous has no --version; the Debian package knows it. Elsewhere the version is unknown.
  private engineVersion(): Promise<string> {
    this.version ??= runTool('dpkg-query', ['-W', '-f=${Version}', 'pocketsphinx'], {
      timeoutMs: 10_000,
      toolHint: 'dpkg',
    }).then(
      ({ stdout }) => stdout.trim() || 'unknown',
      () => 'unknown',
    );
    return this.version;
  }
}
