import { Badge, HoverCard, Stack, Text } from '@mantine/core';
import { Fragment, memo } from 'react';
import { Link } from 'react-router';
import type { Citation } from '../api/types';
import { citationHref } from '../documents/citation-link';
import { originLabel, pageLabel } from '../search/search-hit';

const QUOTE_PREVIEW = 600;

export const citationName = (c: Citation) => c.title || c.filename;

/** The document view at a citation: its page, its exact range highlighted. */
export const citationLink = (c: Citation) =>
  citationHref({ documentId: c.document_id, page: c.page_from, start: c.start_char, end: c.end_char });

/** `[n]` as a chip: hover (or focus) previews the quote, a click opens the document at the quoted range. */
export const CitationChip = memo(function CitationChip({ citation }: { citation: Citation }) {
  const page =
    [pageLabel(citation.page_from, citation.page_to), originLabel(citation.origin)]
      .filter(Boolean)
      .join(' · ') || null;
  const quote =
    citation.quote.length > QUOTE_PREVIEW ? `${citation.quote.slice(0, QUOTE_PREVIEW)}…` : citation.quote;
  return (
    <HoverCard width={380} shadow="md" openDelay={150} closeDelay={100} withArrow position="top">
      <HoverCard.Target>
        <Badge
          component={Link}
          to={citationLink(citation)}
          size="sm"
          variant="light"
          radius="sm"
          mx={2}
          style={{ cursor: 'pointer', verticalAlign: 'baseline' }}
          aria-label={`Source ${citation.n}: ${citationName(citation)}${page ? `, ${page}` : ''}`}
          data-testid="citation-chip"
        >
          {citation.n}
        </Badge>
      </HoverCard.Target>
      <HoverCard.Dropdown>
        <Stack gap={4}>
          <Text size="sm" fw={600} lineClamp={2}>
            [{citation.n}] {citationName(citation)}
          </Text>
          {page && (
            <Text size="xs" c="dimmed">
              {page}
            </Text>
          )}
          <Text size="sm" fs="italic" style={{ whiteSpace: 'pre-wrap' }} data-testid="citation-quote">
            “{quote}”
          </Text>
        </Stack>
      </HoverCard.Dropdown>
    </HoverCard>
  );
});

const MARKER = /\[(\d+)\]/g;

/**
 * An answer's text with its `[n]` markers as citation chips. While the answer streams the citations are not
 * known yet (they come after the last token): markers stay plain text until then.
 */
export function AnswerText({ text, citations }: { text: string; citations: Citation[] }) {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  const parts: React.ReactNode[] = [];
  let from = 0;
  for (const match of text.matchAll(MARKER)) {
    const citation = byNumber.get(Number(match[1]));
    if (!citation) continue;
    parts.push(<Fragment key={`t${from}`}>{text.slice(from, match.index)}</Fragment>);
    parts.push(<CitationChip key={`c${match.index}`} citation={citation} />);
    from = match.index + match[0].length;
  }
  parts.push(<Fragment key={`t${from}`}>{text.slice(from)}</Fragment>);
  return (
    <Text component="div" style={{ whiteSpace: 'pre-wrap' }} data-testid="answer-text">
      {parts}
    </Text>
  );
}
