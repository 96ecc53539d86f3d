/** The parts of a pdf.js text item the layout needs. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: e/f are the baseline origin, |(c, d)| the font's vertical size. */
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
  endX: number;
}

/**
 * Groups one page's text items into paragraphs: items on one baseline form a line (with a space where the
 * glyph runs leave a gap), and lines form a paragraph until the vertical gap grows beyond the page's usual
 * line spacing, the font size jumps, or the text moves back up (a new column).
 */
export function layoutParagraphs(items: Iterable<PdfTextItem>): string[] {
  const lines = buildLines(items);
  if (lines.length === 0) return [];
  const spacing = typicalSpacing(lines);
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const prev = lines[i - 1];
    if (prev && startsParagraph(prev, line, spacing)) {
      paragraphs.push(joinLines(current));
      current = [];
    }
    current.push(line.text);
  }
  paragraphs.push(joinLines(current));
  return paragraphs.filter((p) => p !== '');
}

function buildLines(items: Iterable<PdfTextItem>): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  let eol = false;
  for (const item of items) {
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform;
    const size = Math.hypot(c, d) || item.height || 1;
    if (item.str === '') {
      // pdf.js emits empty items purely to mark line ends.
      eol ||= item.hasEOL;
      continue;
    }
    const sameLine = cur !== null && !eol && Math.abs(cur.y - y) < Math.max(cur.size, size) * 0.5;
    if (cur && sameLine) {
      const gap = x - cur.endX;
      if (gap > size * 0.15 && !/\s$/u.test(cur.text) && !/^\s/u.test(item.str)) cur.text += ' ';
      cur.text += item.str;
      cur.endX = Math.max(cur.endX, x + item.width);
      cur.size = Math.max(cur.size, size);
    } else {
      if (cur) lines.push(cur);
      cur = { text: item.str, x, y, size, endX: x + item.width };
    }
    eol = item.hasEOL;
  }
  if (cur) lines.push(cur);
  // NUL characters come from fonts without a usable ToUnicode map; they are not text.
  for (const l of lines) l.text = l.text.replaceAll('\0', ' ').replace(/\s+/gu, ' ').trim();
  return lines.filter((l) => l.text !== '');
}

/**
 * The page's line spacing: the lower median of baseline distances between consecutive lines of similar size
 * (lower, because with few lines the paragraph gaps would otherwise pass for the spacing).
 */
function typicalSpacing(lines: Line[]): number | null {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const gap = a.y - b.y;
    if (gap > 0 && gap < 3 * a.size && Math.abs(a.size - b.size) < 0.1 * a.size) gaps.push(gap);
  }
  if (gaps.length === 0) return null;
  gaps.sort((p, q) => p - q);
  return gaps[Math.floor((gaps.length - 1) / 2)]!;
}

function startsParagraph(prev: Line, line: Line, spacing: number | null): boolean {
  const gap = prev.y - line.y;
  const size = Math.max(prev.size, line.size);
  if (gap < -0.5 * size) return true;
  if (Math.abs(prev.size - line.size) > 0.2 * Math.min(prev.size, line.size)) return true;
  const threshold = spacing === null ? 1.5 * size : Math.max(spacing * 1.3, 1.05 * size);
  return gap > threshold;
}

/** Joins a paragraph's lines, undoing hyphenation at line ends (`hyphen-` + `ated` → `hyphenated`). */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else if (/\u00AD$/u.test(out)) out = out.slice(0, -1) + line;
    else if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(line)) out = out.slice(0, -1) + line;
    else out += ' ' + line;
  }
  return out;
}

/**
 * Parses a PDF date string (`D:YYYYMMDDHHmmSSOHH'mm'`, all parts after the year optional) into ISO 8601,
 * or undefined when it does not parse.
 */
export function parsePdfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?/u.exec(
      value.trim(),
    );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const offset = !sign || sign === 'Z' || sign === 'z' ? 'Z' : `${sign}${oh}:${om}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
