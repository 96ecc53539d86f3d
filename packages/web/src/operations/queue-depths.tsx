import { Group, Paper, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { ErrorAlert } from '../ui/error-alert';
import { QUEUES, useQueueDepths, type QueueName } from './tasks.hooks';

const QUEUE_HINT: Record<QueueName, string> = {
  high: 'Audio',
  default: 'Documents',
  low: 'Images, archives, directory scans',
  maintenance: 'Re-embedding, housekeeping',
};

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <div>
      <Text size="xl" fw={700} c={value > 0 ? color : undefined} lh={1.1}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </div>
  );
}

/** Waiting, running and dead-lettered tasks of each queue. */
export function QueueDepths({ isAdmin }: { isAdmin: boolean }) {
  const { depths, capped, scope, error, isPending } = useQueueDepths(isAdmin);
  if (error) return <ErrorAlert error={error} title="Could not load the queue depths" />;
  return (
    <div>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        {QUEUES.map((queue) => {
          const counts = depths?.[queue] ?? {};
          return (
            <Paper key={queue} withBorder p="sm" data-testid={`queue-${queue}`}>
              <Text fw={600} tt="capitalize">
                {queue}
              </Text>
              <Text size="xs" c="dimmed" mb="xs">
                {QUEUE_HINT[queue]}
              </Text>
              {isPending ? (
                <Skeleton h={40} />
              ) : (
                <Group gap="lg">
                  <Count label="queued" value={counts.pending ?? 0} />
                  <Count label="running" value={counts.running ?? 0} color="blue" />
                  {scope === 'all' && <Count label="dead" value={counts.dead ?? 0} color="red" />}
                </Group>
              )}
            </Paper>
          );
        })}
      </SimpleGrid>
      {scope === 'own' && (
        <Text size="xs" c="dimmed" mt={4}>
          Counting your own tasks{capped ? ' (the first 200)' : ''}; admins see every queue.
        </Text>
      )}
    </div>
  );
}
