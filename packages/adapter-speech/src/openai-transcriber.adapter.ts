import fs from 'node:fs';
import path from 'node:path';
import { AppError, type Transcriber, type Transcript, type TranscriptSegment } from '@sift/core';
import { readWavInfo } from './wav.js';

/** Options of {@link OpenAiTranscriber}. */
export interface OpenAiTranscriberOptions {
  /**
   * Server root, with or without the API version: `https://api.openai.com`, `http://localhost:8080/v1` and
   * `http://localhost:8080/v1/` all reach `/v1/audio/transcriptions`.
   */
  baseUrl: string;
  apiKey?: string;
  /** Default `whisper-1`; local servers often ignore it or expect their own name. */
  model?: string;
  /** Limit for one request (default 10 minutes: long files take a while on a CPU server). */
  timeoutMs?: number;
}

interface VerboseJson {
  text?: string;
  language?: string;
  duration?: number;
  segments?: { start: number; end: number; text: string; avg_logprob?: number; no_speech_prob?: number }[];
}

// OpenAI's verbose_json names languages in English ("english"); Sift stores ISO 639-1.
const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  german: 'de',
  french: 'fr',
  spanish: 'es',
  italian: 'it',
  portuguese: 'pt',
  dutch: 'nl',
  russian: 'ru',
  chinese: 'zh',
  japanese: 'ja',
  korean: 'ko',
  polish: 'pl',
  turkish: 'tr',
  swedish: 'sv',
  ukrainian: 'uk',
  czech: 'cs',
  arabic: 'ar',
  hindi: 'hi',
  danish: 'da',
  finnish: 'fi',
  norwegian: 'no',
};

/**
 * Speech to text through an OpenAI-compatible `POST /v1/audio/transcriptions` endpoint: OpenAI itself, the
 * whisper.cpp server, faster-whisper servers. Network failures and 5xx answers throw
 * `TRANSCRIBER_UNAVAILABLE` (third_party, retryable); 4xx answers `TRANSCRIBER_REJECTED` (permanent).
 */
export class OpenAiTranscriber implements Transcriber {
  readonly name = 'openai-compatible';
  private readonly url: string;
  private readonly model: string;

  constructor(private readonly options: OpenAiTranscriberOptions) {
    // Operators copy the LLM's base URL, which includes `/v1`; appending another would answer 404.
    this.url = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/audio/transcriptions`;
    this.model = options.model ?? 'whisper-1';
  }

  async transcribe(
    wavPath: string,
    options: { language?: string; signal?: AbortSignal } = {},
  ): Promise<Transcript> {
    options.signal?.throwIfAborted();
    const [bytes, info] = await Promise.all([fs.promises.readFile(wavPath), readWavInfo(wavPath)]);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'audio/wav' }), path.basename(wavPath));
    form.append('model', this.model);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'segment');
    if (options.language) form.append('language', options.language);

    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 600_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    let body: string;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        body: form,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        signal,
      });
      body = await response.text();
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      const timedOut = timeout.aborted;
      throw new AppError(
        'TRANSCRIBER_UNAVAILABLE',
        'third_party',
        timedOut
          ? `Transcription service ${this.url} did not answer within ${this.options.timeoutMs ?? 600_000} ms`
          : `Transcription service ${this.url} is unreachable: ${causeMessage(err)}`,
        { details: { url: this.url, timedOut }, retryable: true, cause: err },
      );
    }
    if (!response.ok) throw this.httpError(response.status, body);
    return this.toTranscript(body, info.durationMs, options.language);
  }

  private httpError(status: number, body: string): AppError {
    const serverMessage = errorMessage(body);
    const details = { url: this.url, status, serverMessage };
    if (status >= 500 || status === 429) {
      // 429 is "slow down", not "never": retry with backoff like a 5xx.
      return new AppError(
        'TRANSCRIBER_UNAVAILABLE',
        'third_party',
        `Transcription service answered ${status}: ${serverMessage}`,
        { details, retryable: true },
      );
    }
    return new AppError(
      'TRANSCRIBER_REJECTED',
      'third_party',
      `Transcription service refused the audio (${status}): ${serverMessage}`,
      {
        details,
        retryable: false,
      },
    );
  }

  private toTranscript(body: string, wavDurationMs: number, requested?: string): Transcript {
    let json: VerboseJson;
    try {
      json = JSON.parse(body) as VerboseJson;
    } catch (err) {
      throw new AppError(
        'TRANSCRIBER_UNAVAILABLE',
        'third_party',
        'Transcription service sent a body that is not JSON',
        {
          details: { url: this.url, body: body.slice(0, 200) },
          retryable: true,
          cause: err,
        },
      );
    }
    const text = (json.text ?? '').trim();
    const durationMs = json.duration !== undefined ? Math.round(json.duration * 1000) : wavDurationMs;
    // A plain `json` answer (servers that ignore response_format) has no segments: the whole text is one.
    const segments: TranscriptSegment[] = json.segments
      ? json.segments
          .filter((s) => s.text.trim())
          .map((s) => ({
            startMs: Math.round(s.start * 1000),
            endMs: Math.round(s.end * 1000),
            text: s.text.trim(),
            ...(s.avg_logprob !== undefined ? { confidence: Math.min(1, Math.exp(s.avg_logprob)) } : {}),
          }))
      : text
        ? [{ startMs: 0, endMs: durationMs, text }]
        : [];
    return {
      text,
      segments,
      language: toIso(json.language) ?? requested ?? null,
      durationMs,
      engine: { name: this.name, version: 'v1', model: this.model },
    };
  }
}

function toIso(language: string | undefined): string | null {
  if (!language) return null;
  const lower = language.toLowerCase();
  if (/^[a-z]{2}$/.test(lower)) return lower;
  return LANGUAGE_NAMES[lower] ?? null;
}

/** OpenAI answers `{ "error": { "message": … } }`; other servers a string or plain text. */
function errorMessage(body: string): string {
  try {
    const json = JSON.parse(body) as {
      error?: { message?: string } | string;
      message?: string;
      detail?: string;
    };
    if (typeof json.error === 'object' && json.error?.message) return json.error.message;
    if (typeof json.error === 'string') return json.error;
    if (json.message) return json.message;
    if (typeof json.detail === 'string') return json.detail;
  } catch {
    // not JSON: use the text itself
  }
  return body.trim().slice(0, 500) || '(empty body)';
}

function causeMessage(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
