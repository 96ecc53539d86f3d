import '@mantine/charts/styles.css';
import { Center, Paper, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { DashboardStats } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import {
  DocumentsByStatus,
  DocumentsByType,
  IngestThroughput,
  SearchLatency,
  SearchVolume,
  ZeroResultQueries,
} from './dashboard-charts';
import { formatBytes } from '../documents/format';
import { UsageAnalytics } from './usage-analytics';

const RANGES = [
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
];

function Stat({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Summary({ stats }: { stats: DashboardStats }) {
  const { documents, ingest, search } = stats;
  const zeroShare = search.searches ? Math.round((search.zero_results / search.searches) * 100) : 0;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" data-testid="stats-summary">
      <Stat
        label="Documents"
        value={documents.total.toLocaleString()}
        hint={formatBytes(documents.total_bytes)}
      />
      <Stat
        label="Processed in range"
        value={ingest.processed.toLocaleString()}
        hint={`${ingest.uploaded} uploaded · ${ingest.failed} failed`}
      />
      <Stat
        label="Searches in range"
        value={search.searches.toLocaleString()}
        hint={`${zeroShare}% without results`}
      />
      <Stat
        label="Search latency p95"
        value={search.latency_ms.p95 === null ? '—' : `${search.latency_ms.p95} ms`}
        hint={search.latency_ms.p50 === null ? 'no searches' : `median ${search.latency_ms.p50} ms`}
      />
    </SimpleGrid>
  );
}

/**
 * Documents, ingest and search at a glance, over a chosen range. Keyed under 'stats': document events refetch
 * it, so the numbers follow uploads without polling.
 */
export default function DashboardPage() {
  const [range, setRange] = useState('24h');
  const stats = useQuery({
    queryKey: ['stats', range],
    queryFn: () => unwrap(api.GET('/api/v1/stats', { params: { query: { range } } })),
    // Switching the range keeps the old charts on screen until the new numbers arrive.
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <PageHeader title="Dashboard">
        <SegmentedControl aria-label="Time range" data={RANGES} value={range} onChange={setRange} />
      </PageHeader>
      {stats.isPending ? (
        <Center py="xl">
          <Busy label="Loading statistics" />
        </Center>
      ) : stats.isError ? (
        <ErrorAlert error={stats.error} title="Could not load the statistics" />
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {stats.data.scope.documents === 'all' ? 'All documents' : 'Documents you can read'} and{' '}
            {stats.data.scope.searches === 'all' ? "everyone's searches" : 'your own searches'}, per{' '}
            {stats.data.bucket} (UTC), since {new Date(stats.data.from).toLocaleString()}.
          </Text>
          <Summary stats={stats.data} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <DocumentsByStatus stats={stats.data} />
            <DocumentsByType stats={stats.data} />
          </SimpleGrid>
          <IngestThroughput stats={stats.data} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <SearchVolume stats={stats.data} />
            <SearchLatency stats={stats.data} />
          </SimpleGrid>
          <ZeroResultQueries stats={stats.data} />
        </>
      )}
      <UsageAnalytics range={range} />
    </Stack>
  );
}
