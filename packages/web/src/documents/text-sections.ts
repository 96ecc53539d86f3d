/** A page span of the extracted text, as `GET /documents/:id/text` lists them. */
export interface PageSpan {
  number: number;
  start: number;
  end: number;
}

/** A stretch of the text shown as one block: a page, or a slice of a text without pages. */
export interface TextSection {
  /** The page this section begins, or null (text before the first page, or a text without pages). */
  page: number | null;
  start: number;
  end: number;
}

/** Long texts without pages are cut near this many characters, so the browser can skip drawing off-screen parts. */
const SLICE_CHARS = 20_000;

/**
 * Cuts `text` into sections that together cover every character exactly once, in order: one per page
 * (running to the next page's start, so the blank lines between pages stay with the page before), or, for
 * a text without pages, slices ending at a line break.
 */
export function sectionsOf(text: string, pages: readonly PageSpan[]): TextSection[] {
  const sorted = [...pages]
    .filter((p) => p.start >= 0 && p.start <= text.length)
    .sort((a, b) => a.start - b.start || a.number - b.number);
  if (sorted.length > 0) {
    const sections: TextSection[] = [];
    if (sorted[0]!.start > 0) sections.push({ page: null, start: 0, end: sorted[0]!.start });
    sorted.forEach((page, i) => {
      const end = i + 1 < sorted.length ? sorted[i + 1]!.start : text.length;
      sections.push({ page: page.number, start: page.start, end });
    });
    return sections;
  }
  const sections: TextSection[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SLICE_CHARS);
    if (end < text.length) {
      const lineBreak = text.indexOf('\n', end);
      end = lineBreak === -1 ? text.length : lineBreak + 1;
    }
    sections.push({ page: null, start, end });
    start = end;
  }
  return sections.length > 0 ? sections : [{ page: null, start: 0, end: 0 }];
}

/** The page that holds character `offset`, or null when the text has no pages there. */
export function pageAt(pages: readonly PageSpan[], offset: number): number | null {
  const page = pages.find((p) => offset >= p.start && offset < p.end);
  return page?.number ?? null;
}

/** One part of a section: plain text, or the part of it inside the highlighted range. */
export interface TextPart {
  text: string;
  highlighted: boolean;
}

/** A section's text split around the highlighted range `[from, to)` (document offsets). */
export function partsOf(
  text: string,
  section: TextSection,
  highlight: { start: number; end: number } | null,
): TextPart[] {
  const from = highlight ? Math.max(section.start, highlight.start) : section.end;
  const to = highlight ? Math.min(section.end, highlight.end) : section.end;
  if (!highlight || from >= to) return [{ text: text.slice(section.start, section.end), highlighted: false }];
  return [
    { text: text.slice(section.start, from), highlighted: false },
    { text: text.slice(from, to), highlighted: true },
    { text: text.slice(to, section.end), highlighted: false },
  ].filter((part) => part.text.length > 0);
}
