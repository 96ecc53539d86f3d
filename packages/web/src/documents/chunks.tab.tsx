import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Skeleton,
  Spoiler,
  Stack,
  Text,
} from '@mantine/core';
import { Link } from 'react-router';
import type { Chunk, DocumentRow } from '../api/types';
import { originLabel } from '../search/search-hit';
import { ErrorAlert } from '../ui/error-alert';
import { citationHref } from './citation-link';
import { useDocumentChunks } from './document.hooks';
import classes from './document.module.css';
import { formatClock } from './format';

/** The chunks search and answers are made of, in order, each with where it sits in the text. */
export function ChunksTab({ doc }: { doc: DocumentRow }) {
  const query = useDocumentChunks(doc.id, true);
  if (query.isPending) {
    return (
      <Stack gap="sm" role="status" aria-busy="true" aria-label="Loading the chunks">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={90} />
        ))}
      </Stack>
    );
  }
  // A failed "show more" keeps the chunks already shown, with the error below them.
  if (!query.data) return <ErrorAlert error={query.error} title="The chunks could not be loaded" />;
  const chunks = query.data.pages.flatMap((page) => page.items);
  if (chunks.length === 0) {
    return (
      <Text c="dimmed" data-testid="chunks-empty">
        {doc.status === 'processed'
          ? 'This document has no chunks: no text was found in it.'
          : 'Chunks appear here when processing finishes.'}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {doc.chunk_count.toLocaleString()} chunks
        {chunks.length < doc.chunk_count ? `, ${chunks.length.toLocaleString()} shown` : ''}
      </Text>
      <Stack gap="sm" component="ol" className={classes.transcript}>
        {chunks.map((chunk) => (
          <ChunkCard key={chunk.id} chunk={chunk} />
        ))}
      </Stack>
      {query.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
          w="fit-content"
        >
          Show more chunks
        </Button>
      )}
      {query.isFetchNextPageError && <ErrorAlert error={query.error} />}
    </Stack>
  );
}

function pagesLabel(chunk: Chunk): string | null {
  if (chunk.page_from === null) return null;
  return chunk.page_to !== null && chunk.page_to !== chunk.page_from
    ? `pages ${chunk.page_from}–${chunk.page_to}`
    : `page ${chunk.page_from}`;
}

function ChunkCard({ chunk }: { chunk: Chunk }) {
  const pages = pagesLabel(chunk);
  return (
    <Paper component="li" withBorder p="sm" data-testid="chunk">
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Group gap="xs">
          <Badge variant="default">#{chunk.index + 1}</Badge>
          {chunk.origin && <Badge variant="light">{originLabel(chunk.origin)}</Badge>}
          <Text size="xs" c="dimmed">
            characters {chunk.start_char.toLocaleString()}–{chunk.end_char.toLocaleString()}
            {pages ? ` · ${pages}` : ''}
            {chunk.time_start_ms !== null
              ? ` · ${formatClock(chunk.time_start_ms)}–${formatClock(chunk.time_end_ms ?? chunk.time_start_ms)}`
              : ''}
            {` · ${chunk.token_count} tokens`}
            {chunk.confidence !== null ? ` · ${Math.round(chunk.confidence * 100)}% confidence` : ''}
          </Text>
        </Group>
        <Anchor
          component={Link}
          size="xs"
          to={citationHref({
            documentId: chunk.document_id,
            page: chunk.page_from,
            start: chunk.start_char,
            end: chunk.end_char,
          })}
          aria-label={`Show in text: chunk ${chunk.index + 1}`}
        >
          Show in text
        </Anchor>
      </Group>
      {chunk.heading_path.length > 0 && (
        <Breadcrumbs separator="›" mb={4} fz="xs" c="dimmed">
          {chunk.heading_path.map((heading, i) => (
            <span key={i}>{heading}</span>
          ))}
        </Breadcrumbs>
      )}
      <Spoiler maxHeight={96} showLabel="Show all" hideLabel="Show less">
        <Text size="sm" className={classes.chunkContent}>
          {chunk.content}
        </Text>
      </Spoiler>
    </Paper>
  );
}
