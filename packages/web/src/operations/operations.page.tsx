import { Badge, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../auth/session.hooks';
import { PageHeader } from '../ui/page-header';
import { DirectorySources } from './directory-sources';
import { QueueDepths } from './queue-depths';
import { TaskTable } from './task-table';
import { QUEUES, TASK_VIEWS, useQueueDepths, type TaskStatus, type TaskView } from './tasks.hooks';

const EMPTY: Record<TaskView, string> = {
  running: 'No task is running.',
  queued: 'Nothing is waiting.',
  failed: 'No task has failed.',
  dead: 'No task is dead-lettered.',
  finished: 'No task has finished yet.',
};

/**
 * What the workers are doing: queue depths, tasks by state with retry and cancel, and the directory sources
 * that feed collections. Everything refreshes from live task and source events; nothing polls.
 */
export default function OperationsPage() {
  const session = useSession();
  // `?tasks=dead` opens a tab directly: the system status links its dead-letter count here.
  const [params] = useSearchParams();
  const [view, setView] = useState<TaskView>(
    () => TASK_VIEWS.find((v) => v.value === params.get('tasks'))?.value ?? 'running',
  );
  const { depths } = useQueueDepths(session.isAdmin);
  // Counts for the tabs, from the same (live) depths; finished tasks are not worth a count.
  const total = (statuses: readonly TaskStatus[]) =>
    depths ? QUEUES.reduce((n, q) => n + statuses.reduce((m, s) => m + (depths[q][s] ?? 0), 0), 0) : null;

  return (
    <Stack gap="lg">
      <PageHeader title="Operations" />
      <section aria-labelledby="queues-heading">
        <Title order={2} size="h4" mb="xs" id="queues-heading">
          Queues
        </Title>
        <QueueDepths isAdmin={session.isAdmin} />
      </section>

      <section aria-labelledby="tasks-heading">
        <Title order={2} size="h4" mb="xs" id="tasks-heading">
          Tasks
        </Title>
        {!session.isAdmin && (
          <Text size="sm" c="dimmed" mb="xs">
            Tasks you started (uploads, scans).
          </Text>
        )}
        <Paper withBorder p="sm">
          <Tabs value={view} onChange={(v) => v && setView(v as TaskView)} keepMounted={false}>
            <Tabs.List mb="sm">
              {TASK_VIEWS.map((v) => (
                <Tabs.Tab
                  key={v.value}
                  value={v.value}
                  data-testid={`tasks-tab-${v.value}`}
                  rightSection={
                    v.value !== 'finished' && total(v.statuses) ? (
                      <Badge size="xs" variant="light" color={v.value === 'dead' ? 'red' : 'gray'} circle>
                        {total(v.statuses)}
                      </Badge>
                    ) : null
                  }
                >
                  {v.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {TASK_VIEWS.map((v) => (
              <Tabs.Panel key={v.value} value={v.value}>
                <TaskTable statuses={v.statuses} canWrite={session.canWrite} emptyText={EMPTY[v.value]} />
              </Tabs.Panel>
            ))}
          </Tabs>
        </Paper>
      </section>

      <section aria-labelledby="sources-heading">
        <Title order={2} size="h4" mb="xs" id="sources-heading">
          Directory sources
        </Title>
        <Paper withBorder p="sm">
          <DirectorySources canWrite={session.canWrite} isAdmin={session.isAdmin} />
        </Paper>
      </section>
    </Stack>
  );
}
