import { Center, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Busy } from '../ui/busy';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';

type Overview = Schemas['AnalyticsOverview'];
type Documents = Schemas['DocumentAnalytics'];
type Searches = Schemas['SearchAnalytics'];

/** The dashboard's ranges as whole UTC days, the unit analytics counts in (24 hours → today). */
const DAYS: Record<string, number> = { '24h': 1, '7d': 7, '30d': 30 };
const STAGE_LABEL: Record<Documents['stages'][number]['stage'], string> = {
  extract: 'Extract',
  chunk: 'Chunk',
  embed: 'Embed',
  index: 'Index',
  total: 'Total',
};

/** Milliseconds, whole; stages that take under one (embedding with no model, say) are not "0 ms". */
const ms = (v: number | null) =>
  v === null ? '—' : v < 1 ? '< 1 ms' : `${Math.round(v).toLocaleString()} ms`;
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

function Figure({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

function Card({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Processing time per pipeline stage: the figures of sift_pipeline_stage_duration_seconds, from stored timings. */
function StageTimes({ stages }: { stages: Documents['stages'] }) {
  const rows = stages.filter((s) => s.count > 0);
  return (
    <Card title="Processing time per stage" testId="analytics-stages">
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          No document was processed in this range.
        </Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stage</Table.Th>
              <Table.Th>Documents</Table.Th>
              <Table.Th>p50</Table.Th>
              <Table.Th>p95</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.stage} data-testid={`stage-${s.stage}`}>
                <Table.Td fw={s.stage === 'total' ? 600 : undefined}>{STAGE_LABEL[s.stage]}</Table.Td>
                <Table.Td>{s.count.toLocaleString()}</Table.Td>
                <Table.Td>{ms(s.p50)}</Table.Td>
                <Table.Td>{ms(s.p95)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Search latency and zero results per mode, as the search latency alert and panels split them. */
function SearchModes({ modes }: { modes: Searches['by_mode'] }) {
  return (
    <Card title="Search latency per mode" testId="analytics-modes">
      {modes.length === 0 ? (
        <Text c="dimmed" size="sm">
          No searches in this range.
        </Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Mode</Table.Th>
              <Table.Th>Searches</Table.Th>
              <Table.Th>p50</Table.Th>
              <Table.Th>p95</Table.Th>
              <Table.Th>No results</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {modes.map((m) => (
              <Table.Tr key={m.mode} data-testid={`mode-${m.mode}`}>
                <Table.Td>{m.mode}</Table.Td>
                <Table.Td>{m.count.toLocaleString()}</Table.Td>
                <Table.Td>{ms(m.p50)}</Table.Td>
                <Table.Td>{ms(m.p95)}</Table.Td>
                <Table.Td>{percent(m.count ? m.zero_results / m.count : null)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function Headline({ overview }: { overview: Overview }) {
  const { search, questions, active_users: users } = overview;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: users ? 3 : 2 }} spacing="sm">
      <Figure
        testId="analytics-questions"
        label="Questions asked"
        value={questions.asked.toLocaleString()}
        hint={`${questions.not_found} not found (${percent(questions.not_found_rate)})`}
      />
      <Figure
        testId="analytics-zero-results"
        label="Zero-result rate"
        value={percent(search.searches ? search.zero_results / search.searches : null)}
        hint={`${search.zero_results} of ${search.searches} searches`}
      />
      {users && (
        <Figure
          testId="analytics-active-users"
          label="Active users"
          value={users.total.toLocaleString()}
          hint={`${users.weekly} in the last week`}
        />
      )}
    </SimpleGrid>
  );
}

/** One analytics view, under 'stats': the document events that refresh the dashboard refresh these too. */
function useAnalytics<T>(view: string, days: number, fetch: (init: AnalyticsInit) => Promise<T>) {
  return useQuery({
    queryKey: ['stats', 'analytics', view, days],
    queryFn: () => fetch({ params: { query: { days, top: 10 } } }),
    placeholderData: keepPreviousData,
  });
}
type AnalyticsInit = { params: { query: { days: number; top: number } } };

/**
 * Usage analytics over whole UTC days: the figures the operator's metrics and alerts watch (stage times,
 * search latency and zero results per mode, questions not found, active users), from what Sift recorded.
 */
export function UsageAnalytics({ range }: { range: string }) {
  const days = DAYS[range] ?? 1;
  const overview = useAnalytics('overview', days, (init) =>
    unwrap(api.GET('/api/v1/analytics/overview', init)),
  );
  const documents = useAnalytics('documents', days, (init) =>
    unwrap(api.GET('/api/v1/analytics/documents', init)),
  );
  const searches = useAnalytics('search', days, (init) => unwrap(api.GET('/api/v1/analytics/search', init)));
  const error = overview.error ?? documents.error ?? searches.error;

  return (
    <Stack gap="sm" component="section" aria-labelledby="usage-heading">
      <Title order={2} size="h4" id="usage-heading">
        Usage
      </Title>
      {error ? (
        <ErrorAlert error={error} title="Could not load the usage analytics" />
      ) : !overview.data || !documents.data || !searches.data ? (
        <Center py="md">
          <Busy size="sm" label="Loading the usage analytics" />
        </Center>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {overview.data.scope === 'all' ? 'Everyone' : 'Your own uploads, searches and questions'},{' '}
            {days === 1 ? 'today' : `the last ${days} UTC days`} (counted in whole UTC days, since{' '}
            {new Date(overview.data.from).toLocaleDateString()}).
          </Text>
          <Headline overview={overview.data} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <StageTimes stages={documents.data.stages} />
            <SearchModes modes={searches.data.by_mode} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
