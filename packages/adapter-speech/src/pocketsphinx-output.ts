import type { TranscriptSegment } from '@sift/core';

/** A recognised word with its time range (ms) and posterior probability. */
export interface TimedWord {
  word: string;
  startMs: number;
  endMs: number;
  confidence: number;
}

/** How words are grouped into segments. */
export interface SegmentRules {
  /** A silence longer than this starts a new segment (default 600 ms). */
  maxPauseMs: number;
  /** A segment is closed once it spans this long (default 15 s). */
  maxSegmentMs: number;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = { maxPauseMs: 600, maxSegmentMs: 15_000 };

// `-time yes` prints each utterance's hypothesis, then one `word start end posterior` line per word.
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

/**
 * Reads the words of `pocketsphinx_continuous -time yes` output. Drops sentence markers (`<s>`, `</s>`),
 * silence (`<sil>`) and fillers (`[NOISE]`, `++BREATH++`), and the pronunciation-variant suffix of
 * alternates (`can(2)` → `can`).
 */
export function parseTimedWords(stdout: string): TimedWord[] {
  const words: TimedWord[] = [];
  for (const line of stdout.split('\n')) {
    const m = WORD_LINE.exec(line.trim());
    if (!m) continue;
    const token = m[1]!;
    if (/^(<.*>|\[.*\]|\+\+.*\+\+)$/.test(token)) continue;
    words.push({
      word: token.replace(/\(\d+\)$/, ''),
      startMs: Math.round(Number(m[2]) * 1000),
      endMs: Math.round(Number(m[3]) * 1000),
      confidence: Math.min(1, Math.max(0, Number(m[4]))),
    });
  }
  return words;
}

/** Groups words into segments at pauses and length limits; a segment's confidence is its words' mean. */
export function groupIntoSegments(
  words: TimedWord[],
  rules: SegmentRules = DEFAULT_SEGMENT_RULES,
): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  let current: TimedWord[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const confidence = current.reduce((sum, w) => sum + w.confidence, 0) / current.length;
    segments.push({
      startMs: current[0]!.startMs,
      endMs: current[current.length - 1]!.endMs,
      text: current.map((w) => w.word).join(' '),
      confidence,
    });
    current = [];
  };
  for (const word of words) {
    const first = current[0];
    const previous = current[current.length - 1];
    if (
      first &&
      previous &&
      (word.startMs - previous.endMs > rules.maxPauseMs || word.endMs - first.startMs > rules.maxSegmentMs)
    ) {
      flush();
    }
    current.push(word);
  }
  flush();
  return segments;
}
