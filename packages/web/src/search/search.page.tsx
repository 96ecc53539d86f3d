import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconChevronLeft, IconChevronRight, IconHistory, IconSearchOff } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { SearchHit } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { SearchBox } from './search-box';
import { SearchFilters } from './search-filters';
import { documentName } from './search-hit';
import {
  activeFilterCount,
  PAGE_SIZE,
  parseSearchParams,
  toSearchParams,
  toSearchRequest,
  type SearchState,
  type SearchView,
} from './search-params';
import { moveHitFocus, SearchResults } from './search-results';
import { useRecentSearches, useSearchResults } from './search.queries';
import { SimilarDocumentsDrawer } from './similar-documents.drawer';

/** What to show before the first search: the user's recent searches, one click from running again. */
function RecentSearches() {
  const recent = useRecentSearches();
  if (recent.isPending) return <Skeleton h={80} />;
  if (!recent.data?.length) {
    return (
      <Text c="dimmed" size="sm">
        Search the text of your documents by keywords (lexical), by meaning (semantic) or both (hybrid).
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Group gap={6}>
        <IconHistory size={16} aria-hidden />
        <Text fw={600} size="sm">
          Recent searches
        </Text>
      </Group>
      {recent.data.map((item) => (
        <Anchor
          key={item.id}
          component={Link}
          to={`/search?${toSearchParams({ ...parseSearchParams(new URLSearchParams()), q: item.query })}`}
          size="sm"
        >
          {item.query}
        </Anchor>
      ))}
    </Stack>
  );
}

/**
 * Search: one box, a mode, facets and the hits with their highlights. The whole search lives in the URL
 * (`/search?q=…&mode=…&collection=…`), so results can be shared and survive a reload.
 */
export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearchParams(params), [params]);
  const request = useMemo(() => toSearchRequest(state), [state]);
  const results = useSearchResults(request);
  const resultsRef = useRef<HTMLDivElement>(null);
  const [similarOf, setSimilarOf] = useState<{ documentId: string; name: string } | null>(null);

  const update = useCallback(
    (patch: Partial<SearchState>) => setParams(toSearchParams({ ...state, page: 0, ...patch })),
    [state, setParams],
  );
  const onSearch = useCallback((q: string) => update({ q }), [update]);
  const onModeChange = useCallback((mode: SearchState['mode']) => update({ mode }), [update]);
  const onArrowDown = useCallback(() => {
    if (resultsRef.current) moveHitFocus(resultsRef.current, 'Home');
  }, []);
  const onMoreLikeThis = useCallback(
    (hit: SearchHit) => setSimilarOf({ documentId: hit.document_id, name: documentName(hit) }),
    [],
  );

  const data = results.data;
  useEffect(() => {
    // After the frame that shows these results is painted: the end of the render budget's measure.
    if (data) requestAnimationFrame(() => setTimeout(() => performance.mark('sift:search-rendered'), 0));
  }, [data]);
  const hits = data?.hits ?? [];
  const showing = state.q !== '' && data !== undefined;

  return (
    <>
      <PageHeader title="Search" />
      <Stack gap="md">
        <SearchBox
          query={state.q}
          mode={state.mode}
          onSearch={onSearch}
          onModeChange={onModeChange}
          onArrowDown={onArrowDown}
        />
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Paper withBorder p="sm">
              <SearchFilters state={state} onChange={update} />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Stack
              gap="sm"
              ref={resultsRef}
              aria-busy={results.isFetching}
              data-testid="search-area"
              data-mode={data?.mode}
            >
              {state.q === '' && <RecentSearches />}
              {state.q !== '' && results.isPending && (
                <Stack gap="sm" role="status" aria-label="Loading results">
                  <Skeleton h={64} />
                  <Skeleton h={64} />
                  <Skeleton h={64} />
                </Stack>
              )}
              <ErrorAlert error={results.error} title="The search failed" />
              {state.q !== '' && (
                // Mounted before the hits arrive: the view control measures itself once, not with the list.
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="xs">
                    <Text size="sm" c="dimmed" role="status" data-testid="search-summary">
                      {!showing
                        ? 'Searching…'
                        : hits.length === 0
                          ? 'No results'
                          : `Results ${state.page * PAGE_SIZE + 1}–${state.page * PAGE_SIZE + hits.length}`}
                      {showing && ` · ${Math.round(data.took_ms)} ms${data.cached ? ' (cached)' : ''}`}
                    </Text>
                    {results.isFetching && <Busy size="xs" label="Searching" />}
                  </Group>
                  <SegmentedControl
                    size="xs"
                    aria-label="Show results"
                    value={state.view}
                    onChange={(view) => update({ view: view as SearchView, page: state.page })}
                    data={[
                      { value: 'flat', label: 'Flat' },
                      { value: 'documents', label: 'By document' },
                    ]}
                  />
                </Group>
              )}
              {showing &&
                data.warnings.map((warning) => (
                  <Alert key={warning} color="yellow" variant="light">
                    {warning}
                  </Alert>
                ))}
              {showing && hits.length === 0 && (
                <Stack align="center" gap="xs" py="xl" data-testid="search-empty">
                  <IconSearchOff size={32} aria-hidden />
                  <Text>No passage matches “{state.q}”.</Text>
                  <Text size="sm" c="dimmed">
                    {activeFilterCount(state) > 0
                      ? 'Try clearing some filters, or another mode.'
                      : 'Try other words, or the semantic mode to search by meaning.'}
                  </Text>
                </Stack>
              )}
              {showing && hits.length > 0 && (
                <SearchResults hits={hits} view={state.view} onMoreLikeThis={onMoreLikeThis} />
              )}
              {showing && (state.page > 0 || hits.length === PAGE_SIZE) && (
                <Group justify="center" gap="xs" component="nav" aria-label="Result pages">
                  <Button
                    variant="default"
                    size="xs"
                    leftSection={<IconChevronLeft size={14} aria-hidden />}
                    disabled={state.page === 0}
                    onClick={() => update({ page: state.page - 1 })}
                  >
                    Previous
                  </Button>
                  <Text size="sm">Page {state.page + 1}</Text>
                  <Button
                    variant="default"
                    size="xs"
                    rightSection={<IconChevronRight size={14} aria-hidden />}
                    disabled={hits.length < PAGE_SIZE}
                    onClick={() => update({ page: state.page + 1 })}
                  >
                    Next
                  </Button>
                </Group>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      <SimilarDocumentsDrawer source={similarOf} onClose={() => setSimilarOf(null)} />
    </>
  );
}
