/** Levenshtein distance between two sequences (one row at a time). */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** Lower case words without punctuation, the usual normalisation for speech recognition scoring. */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Word error rate: word-level edit distance over the reference's word count. */
export function wordErrorRate(hypothesis: string, reference: string): number {
  const ref = normaliseWords(reference);
  return editDistance(normaliseWords(hypothesis), ref) / ref.length;
}

/** Character error rate: edit distance over the reference's length, with whitespace runs collapsed. */
export function characterErrorRate(hypothesis: string, reference: string): number {
  const collapse = (s: string) => [...s.replace(/\s+/g, ' ').trim()];
  const ref = collapse(reference);
  return editDistance(collapse(hypothesis), ref) / ref.length;
}
