import path from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import { AppError, type Transcriber, type Transcript, type TranscriptSegment } from '@sift/core';
import { readWavAsMono } from './wav.js';
import { detectLanguage, type WhisperParts } from './whisper-language.js';

type Asr = (audio: Float32Array, options: Record<string, unknown>) => Promise<unknown>;

interface Loaded {
  asr: Asr;
  parts: WhisperParts;
  transformers: typeof TransformersModule;
  version: string;
}

interface AsrOutput {
  text: string;
  chunks?: { timestamp: [number | null, number | null]; text: string }[];
}

/** Options of {@link WhisperTransformersTranscriber}. */
export interface WhisperTransformersOptions {
  /** Hugging Face model id of an ONNX Whisper export (default `onnx-community/whisper-base`, multilingual). */
  model?: string;
  /** Models are looked up as `<modelsDir>/<model id>/…` and downloads are stored there. */
  modelsDir: string;
  /** Whether a model missing from `modelsDir` may be downloaded (default false: an offline box fails fast). */
  allowRemoteModels?: boolean;
  /** Hub to download from (default huggingface.co); a mirror, or a local server in tests. */
  remoteHost?: string;
  /** How long to wait for a download's response headers before giving up (default 15 s). */
  connectTimeoutMs?: number;
  /** ONNX weights variant, e.g. `fp32`, `q8` (default: the library's choice for the model). */
  dtype?: string;
  /**
   * Languages (Whisper codes) a recording may be in; detection chooses among these. Default: every language
   * the model knows. Narrowing helps short clips, where a small model may confuse related languages.
   */
  languages?: readonly string[];
}

const SAMPLE_RATE = 16_000;

/**
 * Whisper through transformers.js (ONNX Runtime on the CPU), fully local once the model is in `modelsDir`.
 * The model loads on first use and stays loaded. transformers.js keeps its settings in one global `env`, so
 * a process should use one configuration of this class. Throws `MODEL_MISSING` (system, permanent) when the
 * model is neither local nor downloadable.
 */
export class WhisperTransformersTranscriber implements Transcriber {
  readonly name = 'whisper-transformers';
  private readonly model: string;
  private loading: Promise<Loaded> | null = null;

  constructor(private readonly options: WhisperTransformersOptions) {
    this.model = options.model ?? 'onnx-community/whisper-base';
  }

  async transcribe(
    wavPath: string,
    options: { language?: string; signal?: AbortSignal } = {},
  ): Promise<Transcript> {
    options.signal?.throwIfAborted();
    const loaded = await this.load();
    const { asr, version } = loaded;
    const audio = await readWavAsMono(wavPath, SAMPLE_RATE);
    const durationMs = Math.round((audio.length / SAMPLE_RATE) * 1000);
    const englishOnly = this.model.endsWith('.en');
    // English-only checkpoints refuse a language argument; without one, transformers.js would assume English,
    // so a multilingual model is asked for the language first.
    const language = englishOnly
      ? undefined
      : (options.language ?? (await abortable(this.detect(loaded, audio), options.signal)));
    const output = (await abortable(
      asr(audio, {
        return_timestamps: true,
        chunk_length_s: 30,
        stride_length_s: 5,
        ...(language ? { language, task: 'transcribe' } : {}),
      }),
      options.signal,
    )) as AsrOutput;
    const segments = toSegments(output, durationMs);
    return {
      text: output.text.trim(),
      segments,
      language: englishOnly ? 'en' : (language ?? null),
      durationMs,
      engine: { name: this.name, version, model: this.model },
    };
  }

  private async detect(loaded: Loaded, audio: Float32Array): Promise<string | undefined> {
    if (audio.length === 0) return undefined;
    const guess = await detectLanguage(loaded.parts, loaded.transformers, audio, this.options.languages);
    return guess?.language;
  }

  private load(): Promise<Loaded> {
    this.loading ??= this.loadPipeline().catch((err: unknown) => {
      this.loading = null; // the model may be put in place later; try again on the next call
      throw err;
    });
    return this.loading;
  }

  private async loadPipeline(): Promise<Loaded> {
    const transformers: typeof TransformersModule = await import('@huggingface/transformers');
    const { env } = transformers;
    const modelsDir = path.resolve(this.options.modelsDir) + path.sep;
    env.allowLocalModels = true;
    env.localModelPath = modelsDir;
    env.cacheDir = modelsDir;
    env.allowRemoteModels = this.options.allowRemoteModels ?? false;
    if (this.options.remoteHost) env.remoteHost = this.options.remoteHost.replace(/\/?$/, '/');
    env.fetch = fetchWithConnectTimeout(this.options.connectTimeoutMs ?? 15_000);
    try {
      const asr = await transformers.pipeline('automatic-speech-recognition', this.model, {
        device: 'cpu',
        ...(this.options.dtype ? { dtype: this.options.dtype as 'fp32' } : {}),
      });
      const parts: WhisperParts = {
        model: (inputs) => asr.model(inputs) as ReturnType<WhisperParts['model']>,
        processor: (audio) => asr.processor(audio) as ReturnType<WhisperParts['processor']>,
        generationConfig:
          (asr.model as unknown as { generation_config?: WhisperParts['generationConfig'] })
            .generation_config ?? {},
      };
      return { asr: asr as unknown as Asr, parts, transformers, version: env.version };
    } catch (err) {
      throw this.loadError(err, env.allowRemoteModels);
    }
  }

  private loadError(err: unknown, remote: boolean): AppError {
    const message = err instanceof Error ? err.message : String(err);
    const name = err instanceof Error ? err.name : '';
    const unavailable =
      name === 'ModelFileNotFoundError' ||
      /not found|could not locate|fetch failed|allowRemoteModels|ENOTFOUND|ECONNREFUSED|no response/i.test(
        message,
      );
    if (unavailable) {
      return new AppError(
        'MODEL_MISSING',
        'system',
        `Whisper model ${this.model} is not available offline: put it under SIFT_MODELS_DIR/${this.model} or allow downloads`,
        {
          // Not the models dir: details reach API clients; the message names SIFT_MODELS_DIR instead.
          details: { model: this.model, remote, reason: message },
          retryable: false,
          cause: err,
        },
      );
    }
    return new AppError(
      'MODEL_LOAD_FAILED',
      'system',
      `Whisper model ${this.model} could not be loaded: ${message}`,
      {
        details: { model: this.model },
        retryable: false,
        cause: err,
      },
    );
  }
}

/** Segments from the pipeline's chunks; the last chunk of a file may have no end time. */
function toSegments(output: AsrOutput, durationMs: number): TranscriptSegment[] {
  const chunks = output.chunks ?? [];
  if (chunks.length === 0) {
    const text = output.text.trim();
    return text ? [{ startMs: 0, endMs: durationMs, text }] : [];
  }
  const segments: TranscriptSegment[] = [];
  for (const chunk of chunks) {
    const text = chunk.text.trim();
    if (!text) continue;
    const startMs = Math.round((chunk.timestamp[0] ?? 0) * 1000);
    const endMs = chunk.timestamp[1] === null ? durationMs : Math.round(chunk.timestamp[1] * 1000);
    segments.push({ startMs, endMs: Math.max(startMs, Math.min(endMs, durationMs)), text });
  }
  return segments;
}

// Inference cannot be interrupted inside ONNX Runtime; an abort stops waiting for it.
function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * fetch that gives up when response headers do not arrive in time, so an unreachable hub fails fast instead
 * of hanging; the body of a large model file may then take as long as it needs.
 */
export function fetchWithConnectTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`no response within ${timeoutMs} ms from ${String(input)}`)),
      timeoutMs,
    );
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await fetch(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
  };
}
