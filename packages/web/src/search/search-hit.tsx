import { Table } from '@mantine/core';
import { IconChartBar, IconFileSearch } from '@tabler/icons-react';
import { memo, useState } from 'react';
import { Link } from 'react-router';
import type { SearchHit } from '../api/types';
import { citationHref } from '../documents/citation-link';
import { HighlightedSnippet } from './highlighted-snippet';
import classes from './search.module.css';

export const documentName = (hit: { title: string | null; filename: string }) => hit.title || hit.filename;

/** "p. 3", "pp. 3–4" or null for text without pages. */
export function pageLabel(from: number | null, to: number | null): string | null {
  if (from === null) return null;
  return to !== null && to !== from ? `pp. ${from}–${to}` : `p. ${from}`;
}

const ORIGIN_LABELS: Record<NonNullable<SearchHit['origin']>, string> = {
  header: 'Page header',
  footer: 'Page footer',
  note: 'Note',
  comment: 'Comment',
  chart: 'Chart',
  shape: 'Text box',
  field: 'Form field',
};

/** "Page footer", "Comment"… for text outside the body of its document; null for body text. */
export const originLabel = (origin: SearchHit['origin'] | undefined): string | null =>
  origin ? ORIGIN_LABELS[origin] : null;

/** Where in its document a hit is: page, the part outside the body it sits in, and heading path. */
function locationLabel(hit: SearchHit): string {
  return (
    [pageLabel(hit.page_from, hit.page_to), originLabel(hit.origin), hit.heading_path.join(' › ')]
      .filter(Boolean)
      .join(' · ') || 'Passage'
  );
}

const formatScore = (score: number | null) => (score === null ? '—' : score.toFixed(4));

/** The scores behind a hit's rank: they come with the hit and are rendered only when asked for. */
function ScoreDetails({ hit, id }: { hit: SearchHit; id: string }) {
  const rows = [
    ['Lexical (BM25)', hit.scores.lexical],
    ['Vector (cosine)', hit.scores.vector],
    ['Fused', hit.scores.fused],
    ['Rerank', hit.scores.rerank],
  ] as const;
  return (
    <Table
      id={id}
      withRowBorders={false}
      verticalSpacing={2}
      fz="xs"
      w="auto"
      mt={4}
      data-testid="score-details"
    >
      <Table.Tbody>
        {rows.map(([label, score]) => (
          <Table.Tr key={label}>
            <Table.Th fw={500} pl={0}>
              {label}
            </Table.Th>
            <Table.Td ff="monospace">{formatScore(score)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * One hit: a link to the passage in the document view, where it is, the snippet with its highlights, and
 * actions. `showDocument` is off under a document heading (grouped view), where the name would repeat.
 * Plain elements styled with the theme's variables rather than a dozen Mantine components per hit: a page of
 * twenty hits must be on screen within 50 ms of the response (see the e2e test), and no per-hit queries or
 * effects.
 */
export const SearchHitItem = memo(function SearchHitItem({
  hit,
  showDocument,
  onMoreLikeThis,
}: {
  hit: SearchHit;
  showDocument: boolean;
  onMoreLikeThis: (hit: SearchHit) => void;
}) {
  const [scoresOpen, setScoresOpen] = useState(false);
  const href = citationHref({
    documentId: hit.document_id,
    page: hit.page_from,
    start: hit.start_char,
    end: hit.end_char,
  });
  const scoresId = `scores-${hit.chunk_id}`;
  return (
    <li className={classes.hit} data-testid="search-hit">
      <div className={classes.head}>
        <div className={classes.heading}>
          <Link to={href} data-hit-link className={showDocument ? classes.title : classes.location}>
            {showDocument ? documentName(hit) : locationLabel(hit)}
          </Link>
          {showDocument && (
            <div className={classes.meta}>
              {hit.title && hit.title !== hit.filename ? `${hit.filename} · ` : ''}
              {locationLabel(hit)}
            </div>
          )}
        </div>
        <div className={classes.actions}>
          <button
            type="button"
            className={classes.action}
            aria-expanded={scoresOpen}
            aria-controls={scoresOpen ? scoresId : undefined}
            onClick={() => setScoresOpen((open) => !open)}
          >
            <IconChartBar size={14} aria-hidden />
            Scores
          </button>
          {showDocument && (
            <button type="button" className={classes.action} onClick={() => onMoreLikeThis(hit)}>
              <IconFileSearch size={14} aria-hidden />
              More like this
            </button>
          )}
        </div>
      </div>
      <p className={classes.snippet}>
        <HighlightedSnippet snippet={hit.snippet} />
      </p>
      {scoresOpen && <ScoreDetails hit={hit} id={scoresId} />}
    </li>
  );
});
