import type { LanguageDetector } from '@sift/core';
import type { eld as EldInstance } from 'eld/small';

type Eld = typeof EldInstance;

/**
 * eld's small n-gram database costs about 100 MB (the medium one 180) of memory once loaded: it is loaded on the first detection,
 * so a process (the server's main thread) that never detects a language never pays for it.
 */
let loading: Promise<Eld> | null = null;
const loadEld = (): Promise<Eld> => (loading ??= import('eld/small').then((m) => m.eld));

/** Fewer letters than this say too little about a language (names, numbers, a title). */
export const MIN_LETTERS = 20;
/** Long texts are judged on windows of this size from their start, middle and end. */
const WINDOW = 4000;

/** Up to three windows of a long text, so one odd section (a code listing, a quote) does not decide alone. */
function sample(text: string): string {
  if (text.length <= WINDOW * 3) return text;
  const mid = Math.floor(text.length / 2 - WINDOW / 2);
  return [text.slice(0, WINDOW), text.slice(mid, mid + WINDOW), text.slice(-WINDOW)].join('\n');
}

/**
 * LanguageDetector over eld (Efficient Language Detector, n-gram based, 60 languages, small database).
 * Returns an ISO 639-1 code, or null for short texts and for results eld itself does not call reliable.
 */
export class EldLanguageDetector implements LanguageDetector {
  async detect(text: string): Promise<string | null> {
    const letters = text.match(/\p{L}/gu)?.length ?? 0;
    if (letters < MIN_LETTERS) return null;
    const eld = await loadEld();
    const result = eld.detect(sample(text));
    return result.language !== '' && result.isReliable() ? result.language : null;
  }
}
