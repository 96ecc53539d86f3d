import { Badge, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconFileSearch } from '@tabler/icons-react';
import { useMemo, type KeyboardEvent } from 'react';
import type { SearchHit } from '../api/types';
import { documentName, SearchHitItem } from './search-hit';
import type { SearchView } from './search-params';
import classes from './search.module.css';

interface DocumentGroup {
  documentId: string;
  hits: SearchHit[];
}

/** Hits under their documents, documents in the order of their best hit (the server's order is by score). */
function groupByDocument(hits: SearchHit[]): DocumentGroup[] {
  const groups = new Map<string, DocumentGroup>();
  for (const hit of hits) {
    const group = groups.get(hit.document_id);
    if (group) group.hits.push(hit);
    else groups.set(hit.document_id, { documentId: hit.document_id, hits: [hit] });
  }
  return [...groups.values()];
}

const HIT_LINK = 'a[data-hit-link]';

/**
 * Arrow keys move between the results' links (Home and End to the first and last); Enter follows the link
 * that has focus, as links do. Tab still walks through every control.
 */
export function moveHitFocus(container: HTMLElement, key: string): boolean {
  const links = [...container.querySelectorAll<HTMLAnchorElement>(HIT_LINK)];
  if (links.length === 0) return false;
  const active = document.activeElement;
  const current = links.findIndex(
    (link) => link === active || link.closest('li')?.contains(active as Node | null),
  );
  let next: number;
  if (key === 'ArrowDown') next = current < 0 ? 0 : Math.min(current + 1, links.length - 1);
  else if (key === 'ArrowUp') next = current <= 0 ? 0 : current - 1;
  else if (key === 'Home') next = 0;
  else if (key === 'End') next = links.length - 1;
  else return false;
  links[next]!.focus();
  return true;
}

function onResultsKeyDown(event: KeyboardEvent<HTMLElement>) {
  // Keys typed into a popover or a button keep their own meaning.
  const target = event.target as HTMLElement;
  if (target.closest('[role="dialog"]')) return;
  if (moveHitFocus(event.currentTarget, event.key)) event.preventDefault();
}

/** The hits of one page, flat (by score) or grouped under their documents. */
export function SearchResults({
  hits,
  view,
  onMoreLikeThis,
}: {
  hits: SearchHit[];
  view: SearchView;
  onMoreLikeThis: (hit: SearchHit) => void;
}) {
  const groups = useMemo(() => (view === 'documents' ? groupByDocument(hits) : null), [hits, view]);

  if (!groups) {
    return (
      <Box
        component="ol"
        aria-label="Search results"
        className={classes.hitList}
        onKeyDown={onResultsKeyDown}
        data-testid="search-results"
      >
        {hits.map((hit) => (
          <SearchHitItem key={hit.chunk_id} hit={hit} showDocument onMoreLikeThis={onMoreLikeThis} />
        ))}
      </Box>
    );
  }

  return (
    <Stack gap="sm" onKeyDown={onResultsKeyDown} data-testid="search-results">
      {groups.map((group) => {
        const first = group.hits[0]!;
        return (
          <Paper
            key={group.documentId}
            withBorder
            p="sm"
            component="section"
            aria-label={documentName(first)}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" miw={0} wrap="nowrap">
                <Title order={2} size="h5" lineClamp={1}>
                  {documentName(first)}
                </Title>
                <Badge variant="light" color="gray" size="sm">
                  {group.hits.length} {group.hits.length === 1 ? 'passage' : 'passages'}
                </Badge>
              </Group>
              <Button
                variant="subtle"
                color="gray"
                size="compact-xs"
                leftSection={<IconFileSearch size={14} aria-hidden />}
                onClick={() => onMoreLikeThis(first)}
              >
                More like this
              </Button>
            </Group>
            {first.title && first.title !== first.filename && (
              <Text size="xs" c="dimmed">
                {first.filename}
              </Text>
            )}
            <Box component="ol" className={classes.hitList} aria-label={`Passages of ${documentName(first)}`}>
              {group.hits.map((hit) => (
                <SearchHitItem
                  key={hit.chunk_id}
                  hit={hit}
                  showDocument={false}
                  onMoreLikeThis={onMoreLikeThis}
                />
              ))}
            </Box>
          </Paper>
        );
      })}
    </Stack>
  );
}
