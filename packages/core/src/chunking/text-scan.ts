// Character-class helpers shared by the splitters. Whitespace is exactly what String.prototype.trim() and the
// regex `\s` remove, so "only leading/trailing whitespace is lost" means `text.trim()`.

/** Whether a UTF-16 code unit is whitespace in the sense of `\s`. */
export function isWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Ideographic full stop and full-width ! and ?: CJK text puts no space after them, so the position after one
 * is a sentence boundary (and a word start) even without whitespace.
 */
export function isCjkSentenceEnd(code: number): boolean {
  return code === 0x3002 || code === 0xff01 || code === 0xff1f || code === 0xff61;
}

/** First index ≥ from that is not whitespace, or `text.length`. */
export function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** Smallest index ≤ to such that text[index, to) is all whitespace (the end of the content before `to`). */
export function trimEndBefore(text: string, to: number): number {
  let i = to;
  while (i > 0 && isWhitespace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Whether a chunk may start at `p`: a non-space character after whitespace, a CJK sentence end or the start. */
export function isWordStart(text: string, p: number): boolean {
  if (p >= text.length || isWhitespace(text.charCodeAt(p))) return false;
  if (p === 0) return true;
  const before = text.charCodeAt(p - 1);
  return isWhitespace(before) || isCjkSentenceEnd(before);
}

/** First word start in [from, to), or -1. */
export function nextWordStart(text: string, from: number, to: number): number {
  for (let p = Math.max(0, from); p < to; p++) if (isWordStart(text, p)) return p;
  return -1;
}

/** Moves a cut position off the middle of a surrogate pair (towards `from` when possible). */
export function alignToCodePoint(text: string, p: number, floor: number): number {
  if (p <= 0 || p >= text.length) return p;
  const low = text.charCodeAt(p);
  const high = text.charCodeAt(p - 1);
  const splitsPair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  if (!splitsPair) return p;
  return p - 1 > floor ? p - 1 : p + 1;
}

/** Index of the first element of a sorted array that is greater than `value` (upper bound). */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
