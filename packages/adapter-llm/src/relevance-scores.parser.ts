/** Keys a model may use for a passage's number and for its score. */
const NUMBER_KEYS = ['passage', 'id', 'index', 'number', 'n'];
const SCORE_KEYS = ['score', 'relevance', 'rating'];

/**
 * Reads relevance scores out of a model's answer: JSON, possibly in a code fence or after some chatter.
 * Accepts `{"scores":[{"passage":1,"score":7}]}`, a bare array of such objects, `{"1": 7, "2": 3}`, or a
 * plain array of numbers in passage order. Scores are clamped to 0–10; passage numbers outside 1..count and
 * values that are not numbers are ignored, and the first score of a passage wins. Returns passage number →
 * score, or null when no JSON holding at least one valid score can be found.
 */
export function parseRelevanceScores(answer: string, count: number): Map<number, number> | null {
  for (const json of jsonCandidates(answer)) {
    const scores = new Map<number, number>();
    collect(json, count, scores);
    if (scores.size > 0) return scores;
  }
  return null;
}

/** Every JSON value we can find: fenced blocks first, then the whole answer, then its outermost brackets. */
function* jsonCandidates(answer: string): Generator<unknown> {
  const texts: string[] = [];
  for (const match of answer.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) texts.push(match[1]!);
  texts.push(answer);
  for (const text of texts) {
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
    ] as const) {
      const start = text.indexOf(open);
      const end = text.lastIndexOf(close);
      if (start >= 0 && end > start) {
        const parsed = tryParse(text.slice(start, end + 1));
        if (parsed !== undefined) yield parsed;
      }
    }
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function collect(json: unknown, count: number, scores: Map<number, number>): void {
  if (Array.isArray(json)) {
    if (json.length === count && json.every((v) => toNumber(v) !== null)) {
      json.forEach((v, i) => add(scores, count, i + 1, v));
      return;
    }
    for (const item of json) {
      if (typeof item !== 'object' || item === null) continue;
      const record = item as Record<string, unknown>;
      const key = NUMBER_KEYS.find((k) => k in record);
      const scoreKey = SCORE_KEYS.find((k) => k in record);
      if (key && scoreKey) add(scores, count, toNumber(record[key]), record[scoreKey]);
    }
    return;
  }
  if (typeof json !== 'object' || json === null) return;
  const record = json as Record<string, unknown>;
  const nested = ['scores', 'results', 'passages', 'ratings'].find((k) => typeof record[k] === 'object');
  if (nested) return collect(record[nested], count, scores);
  for (const [key, value] of Object.entries(record)) add(scores, count, toNumber(key), value);
}

function add(scores: Map<number, number>, count: number, passage: number | null, value: unknown): void {
  const score = toNumber(value);
  if (passage === null || score === null || !Number.isInteger(passage)) return;
  if (passage < 1 || passage > count || scores.has(passage)) return;
  scores.set(passage, Math.min(10, Math.max(0, score)));
}

function toNumber(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}
