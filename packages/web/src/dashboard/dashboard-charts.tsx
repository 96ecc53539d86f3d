import { BarChart, DonutChart } from '@mantine/charts';
import { Center, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { DashboardStats } from '../api/types';

const STATUS_COLORS = {
  uploaded: 'gray.6',
  queued: 'yellow.6',
  processing: 'blue.6',
  processed: 'teal.6',
  failed: 'red.6',
} as const;
const CATEGORY_LABEL = {
  document: 'Documents',
  image: 'Images',
  audio: 'Audio',
  archive: 'Archives',
} as const;

/** Bucket starts as axis labels: the hour for hourly buckets, the day for daily ones. */
function bucketLabel(iso: string, bucket: DashboardStats['bucket']): string {
  const d = new Date(iso);
  return bucket === 'hour'
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/**
 * A chart with its title. The SVG is one image to assistive technology, named by a sentence with the numbers;
 * tooltips are for the mouse.
 */
function ChartCard({
  title,
  summary,
  empty,
  children,
  testId,
}: {
  title: string;
  summary: string;
  empty: boolean;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {empty ? (
        <Center h={220}>
          <Text c="dimmed" size="sm">
            Nothing yet in this range.
          </Text>
        </Center>
      ) : (
        <div role="img" aria-label={`${title}: ${summary}`}>
          {children}
        </div>
      )}
    </Paper>
  );
}

export function DocumentsByStatus({ stats }: { stats: DashboardStats }) {
  const data = Object.entries(stats.documents.by_status)
    .filter(([, value]) => value > 0)
    .map(([name, value]) => ({ name, value, color: STATUS_COLORS[name as keyof typeof STATUS_COLORS] }));
  return (
    <ChartCard
      title="Documents by status"
      testId="chart-status"
      empty={data.length === 0}
      summary={data.map((d) => `${d.value} ${d.name}`).join(', ')}
    >
      <Group justify="center" gap="xl" wrap="wrap">
        <DonutChart
          data={data}
          size={180}
          thickness={26}
          withTooltip
          chartLabel={stats.documents.total}
          // Recharts draws each slice as role="img"; an image needs a name.
          cellProps={(cell) => ({ 'aria-label': `${cell.name}: ${cell.value}` })}
        />
        <Stack gap={4} aria-hidden>
          {data.map((d) => (
            <Group key={d.name} gap={6}>
              <div
                style={{
                  width: 10,
                  height: 10,
                  borderRadius: 2,
                  background: `var(--mantine-color-${d.color.replace('.', '-')})`,
                }}
              />
              <Text size="sm">
                {d.name}: {d.value}
              </Text>
            </Group>
          ))}
        </Stack>
      </Group>
    </ChartCard>
  );
}

export function DocumentsByType({ stats }: { stats: DashboardStats }) {
  const types = stats.documents.by_content_type.slice(0, 8).map((t) => ({
    type: t.content_type.replace(/^application\//, '').replace(/^vnd\.openxmlformats-officedocument\./, ''),
    documents: t.count,
  }));
  const categories = Object.entries(stats.documents.by_category)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${CATEGORY_LABEL[name as keyof typeof CATEGORY_LABEL]}: ${n}`)
    .join(' · ');
  return (
    <ChartCard
      title="Documents by type"
      testId="chart-types"
      empty={types.length === 0}
      summary={`${categories}; ${types.map((t) => `${t.documents} ${t.type}`).join(', ')}`}
    >
      <Text size="xs" c="dimmed" mb={4}>
        {categories}
      </Text>
      <BarChart
        h={200}
        data={types}
        dataKey="type"
        orientation="vertical"
        yAxisProps={{ width: 120 }}
        xAxisProps={{ allowDecimals: false }}
        maxBarWidth={28}
        series={[{ name: 'documents', color: 'blue.6', label: 'Documents' }]}
        gridAxis="none"
        tickLine="none"
      />
    </ChartCard>
  );
}

export function IngestThroughput({ stats }: { stats: DashboardStats }) {
  const data = stats.ingest.series.map((p) => ({ ...p, label: bucketLabel(p.start, stats.bucket) }));
  const { uploaded, processed, failed } = stats.ingest;
  return (
    <ChartCard
      title="Ingest throughput"
      testId="chart-ingest"
      empty={uploaded + processed + failed === 0}
      summary={`${uploaded} uploaded, ${processed} processed, ${failed} failed per ${stats.bucket} over ${stats.range}`}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="label"
        withLegend
        tickLine="none"
        maxBarWidth={14}
        yAxisProps={{ allowDecimals: false }}
        series={[
          { name: 'uploaded', label: 'Uploaded', color: 'gray.6' },
          { name: 'processed', label: 'Processed', color: 'teal.6' },
          { name: 'failed', label: 'Failed', color: 'red.6' },
        ]}
      />
    </ChartCard>
  );
}

export function SearchVolume({ stats }: { stats: DashboardStats }) {
  // Zero-result searches are part of all searches: stack them on those that found something.
  const data = stats.search.series.map((p) => ({
    label: bucketLabel(p.start, stats.bucket),
    found: p.searches - p.zero_results,
    zero_results: p.zero_results,
  }));
  return (
    <ChartCard
      title="Search volume"
      testId="chart-searches"
      empty={stats.search.searches === 0}
      summary={`${stats.search.searches} searches, ${stats.search.zero_results} without results`}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="label"
        type="stacked"
        maxBarWidth={14}
        withLegend
        tickLine="none"
        yAxisProps={{ allowDecimals: false }}
        series={[
          { name: 'found', label: 'With results', color: 'blue.6' },
          { name: 'zero_results', label: 'No results', color: 'orange.6' },
        ]}
      />
    </ChartCard>
  );
}

export function SearchLatency({ stats }: { stats: DashboardStats }) {
  const l = stats.search.latency_ms;
  const data = (['p50', 'p95', 'p99', 'max'] as const).map((p) => ({ percentile: p, ms: l[p] ?? 0 }));
  return (
    <ChartCard
      title="Search latency"
      testId="chart-latency"
      empty={l.count === 0}
      summary={data.map((d) => `${d.percentile} ${d.ms} ms`).join(', ')}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="percentile"
        unit=" ms"
        withBarValueLabel
        tickLine="none"
        series={[{ name: 'ms', label: 'Milliseconds', color: 'violet.6' }]}
      />
      <Text size="xs" c="dimmed" mt={4}>
        {l.count} searches; mean {l.mean ?? '—'} ms
      </Text>
    </ChartCard>
  );
}

export function ZeroResultQueries({ stats }: { stats: DashboardStats }) {
  const rows = stats.search.top_zero_result_queries;
  return (
    <Paper withBorder p="md" data-testid="zero-result-queries">
      <Title order={2} size="h5" mb="sm">
        Queries without results
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          Every search in this range found something.
        </Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Query</Table.Th>
              <Table.Th>Times</Table.Th>
              <Table.Th>Last seen</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((q) => (
              <Table.Tr key={q.query}>
                <Table.Td>
                  <Text size="sm">{q.query}</Text>
                </Table.Td>
                <Table.Td>{q.count}</Table.Td>
                <Table.Td>
                  <Text size="xs">{new Date(q.last_seen_at).toLocaleString()}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
