import type * as TransformersModule from '@huggingface/transformers';

/** The parts of a transformers.js speech-recognition pipeline that language detection needs. */
export interface WhisperParts {
  model: (inputs: Record<string, unknown>) => Promise<{ logits: { data: ArrayLike<number> } }>;
  processor: (audio: Float32Array) => Promise<{ input_features: unknown }>;
  generationConfig: { decoder_start_token_id?: number; lang_to_id?: Record<string, number> };
}

/** Whisper's guess at the spoken language. */
export interface LanguageGuess {
  /** Whisper's language code: ISO 639-1 where one exists (`en`, `pl`, `de`), else its own (`haw`, `yue`). */
  language: string;
  /** Probability among the candidate languages, 0..1. */
  probability: number;
}

const SAMPLE_RATE = 16_000;
/** Whisper sees 30 s at a time; the language of a recording is judged on its first window, as Whisper does. */
const WINDOW_SAMPLES = 30 * SAMPLE_RATE;

/**
 * Detects the spoken language the way Whisper's own `detect_language` does: one decoder step after
 * `<|startoftranscript|>`, then the most likely of the language tokens. transformers.js has no such step (it
 * assumes English when no language is given), so this runs the model's forward pass directly.
 * `candidates` (language codes) narrows the choice, e.g. to the languages a deployment expects; null when the
 * model is English-only or none of the candidates is known to it.
 */
export async function detectLanguage(
  parts: WhisperParts,
  transformers: Pick<typeof TransformersModule, 'Tensor'>,
  audio: Float32Array,
  candidates?: readonly string[],
): Promise<LanguageGuess | null> {
  const { lang_to_id: langToId, decoder_start_token_id: start } = parts.generationConfig;
  if (!langToId || start === undefined) return null;
  const wanted = candidates ? new Set(candidates) : null;
  const languages = Object.entries(langToId)
    .map(([token, id]) => ({ code: token.replace(/^<\|/, '').replace(/\|>$/, ''), id }))
    .filter((l) => !wanted || wanted.has(l.code));
  if (languages.length === 0) return null;

  const { input_features } = await parts.processor(audio.subarray(0, WINDOW_SAMPLES));
  const decoderInputIds = new transformers.Tensor('int64', BigInt64Array.from([BigInt(start)]), [1, 1]);
  const { logits } = await parts.model({ input_features, decoder_input_ids: decoderInputIds });
  // One step, one batch: logits hold exactly the vocabulary's scores.
  const scores = languages.map((l) => Number(logits.data[l.id]));
  const max = Math.max(...scores);
  const weights = scores.map((s) => Math.exp(s - max));
  const total = weights.reduce((a, b) => a + b, 0);
  const best = weights.indexOf(Math.max(...weights));
  return { language: languages[best]!.code, probability: weights[best]! / total };
}
