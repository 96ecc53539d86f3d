import { memo } from 'react';

export interface SnippetPart {
  text: string;
  marked: boolean;
}

const MARK_TAG = /<\/?mark>/g;

/**
 * Splits the server's snippet (document text with matching terms between `<mark>` and `</mark>`) into plain and
 * marked runs. Only the two tags are recognised; everything else stays text, so markup inside a document can
 * never become markup on the page.
 */
export function splitMarks(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let marked = false;
  let from = 0;
  for (const tag of snippet.matchAll(MARK_TAG)) {
    if (tag.index > from) parts.push({ text: snippet.slice(from, tag.index), marked });
    // An unbalanced tag (a cut-off snippet) toggles nothing it should not: open means on, close means off.
    marked = tag[0] === '<mark>';
    from = tag.index + tag[0].length;
  }
  if (from < snippet.length) parts.push({ text: snippet.slice(from), marked });
  return parts;
}

/** A snippet with its highlights, rendered as React text nodes and `<mark>` elements (never as HTML). */
export const HighlightedSnippet = memo(function HighlightedSnippet({ snippet }: { snippet: string }) {
  return (
    <>
      {splitMarks(snippet).map((part, i) =>
        part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
});
