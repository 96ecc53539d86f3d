import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import type { SystemStatus } from '../api/types';
import { formatBytes } from '../documents/format';
import { ErrorAlert } from '../ui/error-alert';

const STATUSES = ['pending', 'running', 'succeeded', 'failed', 'dead', 'cancelled'] as const;

/** Recently seen workers serving each queue: what sift_workers counts and the "worker missing" alert watches. */
function liveWorkers(s: SystemStatus, queue: string): number {
  return s.workers.filter((w) => w.recent && (w.queues as string[]).includes(queue)).length;
}

function Workers({ s }: { s: SystemStatus }) {
  if (s.workers.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No worker process is registered: uploads wait until one starts.
      </Text>
    );
  return (
    <Table verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Worker</Table.Th>
          <Table.Th>Queues</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>Last seen</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {s.workers.map((w) => (
          <Table.Tr key={w.id}>
            <Table.Td>
              <Group gap={6}>
                <Text size="xs" ff="monospace">
                  {w.id}
                </Text>
                {w.id === s.in_process_workers?.id && (
                  <Badge miw="max-content" size="xs" variant="outline">
                    this server
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{w.queues.join(', ')}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{new Date(w.started_at).toLocaleString()}</Text>
            </Table.Td>
            <Table.Td>
              <Badge miw="max-content" size="sm" variant="light" color={w.recent ? 'green' : 'red'}>
                {w.recent ? new Date(w.last_seen_at).toLocaleTimeString() : 'not seen recently'}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Queue depth per queue and status with the live workers of each (the figures of sift_queue_tasks and
 * sift_workers, which the backlog, dead-letter and worker-missing alerts read), the workers, and storage.
 */
export function SystemQueues() {
  const status = useQuery({
    queryKey: ['queues', 'system-status'],
    queryFn: () => unwrap(api.GET('/api/v1/system/status')),
  });
  if (status.isPending) return <Busy size="sm" label="Loading the system status" />;
  if (status.isError) return <ErrorAlert error={status.error} title="Could not read the system status" />;
  const s = status.data;
  const dead = Object.values(s.queues).reduce((n, counts) => n + (counts.dead ?? 0), 0);
  return (
    <Stack gap="sm">
      <Text size="sm" data-testid="storage-sizes">
        Version {s.version} · data dir {formatBytes(s.data_dir_bytes)} · database{' '}
        {s.database_bytes === null ? 'size unknown' : formatBytes(s.database_bytes)} ·{' '}
        {s.blobs.count.toLocaleString()} stored files ({formatBytes(s.blobs.bytes)})
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder verticalSpacing={4} data-testid="queue-counts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Queue</Table.Th>
              <Table.Th>live workers</Table.Th>
              {STATUSES.map((st) => (
                <Table.Th key={st}>{st}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(s.queues).map(([queue, counts]) => {
              const live = liveWorkers(s, queue);
              return (
                <Table.Tr key={queue} data-testid={`queue-row-${queue}`}>
                  <Table.Td fw={500}>{queue}</Table.Td>
                  <Table.Td c={live === 0 ? 'red.8' : undefined} data-testid="live-workers">
                    {live}
                  </Table.Td>
                  {STATUSES.map((st) => (
                    <Table.Td key={st} c={st === 'dead' && counts[st] ? 'red.8' : undefined}>
                      {counts[st] ?? 0}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" data-testid="dead-letters">
        {dead === 0 ? (
          'No dead-lettered tasks.'
        ) : (
          <>
            {dead} dead-lettered {dead === 1 ? 'task' : 'tasks'}:{' '}
            <Anchor component={Link} to="/operations?tasks=dead">
              see why and retry {dead === 1 ? 'it' : 'them'} in Operations
            </Anchor>
            .
          </>
        )}
      </Text>
      <Text fw={600} size="sm">
        Workers
      </Text>
      <Workers s={s} />
    </Stack>
  );
}
