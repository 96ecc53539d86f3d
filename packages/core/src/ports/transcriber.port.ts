/** A stretch of speech with its time range. */
export interface TranscriptSegment {
  startMs: number;
  endMs: number;
  text: string;
  /** 0..1 when the engine reports it. */
  confidence?: number;
}

export interface Transcript {
  text: string;
  segments: TranscriptSegment[];
  /** ISO 639-1 code when known. */
  language: string | null;
  durationMs: number;
  engine: { name: string; version: string; model?: string };
}

/**
 * Speech to text. The input is a 16 kHz mono 16-bit PCM WAV file (the audio extractor decodes every format
 * to that with ffmpeg first). Throws AppError `TOOL_MISSING`/`MODEL_MISSING` (permanent) when the engine or
 * its model is not available, `TRANSCRIBER_UNAVAILABLE` (third_party, retryable) when a remote endpoint fails.
 */
export interface Transcriber {
  readonly name: string;
  transcribe(wavPath: string, options: { language?: string; signal?: AbortSignal }): Promise<Transcript>;
}
