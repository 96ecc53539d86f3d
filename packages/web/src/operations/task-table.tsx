import { Anchor, Badge, Button, Center, Group, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Task } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useTaskActions, useTaskList, type TaskStatus } from './tasks.hooks';

const STATUS_COLOR: Record<TaskStatus, string> = {
  pending: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'orange',
  dead: 'red',
  cancelled: 'gray',
};

export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function ProgressCell({ task }: { task: Task }) {
  if (task.status !== 'running') return <Text size="sm">{task.stage ?? '—'}</Text>;
  const percent = Math.round(task.progress * 100);
  return (
    <Stack gap={2} miw={120}>
      <Text size="xs">
        {task.stage ?? 'working'} · {percent}%
      </Text>
      <Progress value={percent} size="sm" aria-label={`Task ${task.type} progress`} animated />
    </Stack>
  );
}

function TaskRow({
  task,
  canWrite,
  actions,
}: {
  task: Task;
  canWrite: boolean;
  actions: ReturnType<typeof useTaskActions>;
}) {
  const retryable = task.status === 'failed' || task.status === 'dead';
  const cancellable = task.status === 'pending' || task.status === 'running';
  const busy =
    (actions.retry.isPending && actions.retry.variables === task.id) ||
    (actions.cancel.isPending && actions.cancel.variables === task.id);
  return (
    <Table.Tr data-testid="task-row" data-task-id={task.id} data-status={task.status}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {task.type}
        </Text>
        {task.document_id && (
          <Anchor component={Link} to={`/documents/${task.document_id}`} size="xs">
            Open document
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>
        <Badge miw="max-content" variant="light" color="gray">
          {task.queue}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Badge miw="max-content" variant="light" color={STATUS_COLOR[task.status]} data-testid="task-status">
          {task.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <ProgressCell task={task} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {task.attempts}/{task.max_attempts}
        </Text>
      </Table.Td>
      <Table.Td maw={320}>
        {task.error ? (
          <Tooltip label={task.error.message} multiline w={360} withinPortal>
            <Text size="xs" lineClamp={2}>
              <Text span ff="monospace" size="xs" fw={600}>
                {task.error.code}
              </Text>{' '}
              {task.error.message}
            </Text>
          </Tooltip>
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="xs">{formatTime(task.updated_at)}</Text>
      </Table.Td>
      {canWrite && (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            {retryable && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconRefresh size={14} aria-hidden />}
                loading={busy}
                onClick={() => actions.retry.mutate(task.id)}
                aria-label={`Retry task ${task.type}`}
              >
                Retry
              </Button>
            )}
            {cancellable && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlayerStop size={14} aria-hidden />}
                loading={busy}
                onClick={() => actions.cancel.mutate(task.id)}
                aria-label={`Cancel task ${task.type}`}
              >
                Cancel
              </Button>
            )}
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** One list of tasks (by status) with their stage, progress, last error and the retry/cancel actions. */
export function TaskTable({
  statuses,
  canWrite,
  emptyText,
}: {
  statuses: readonly TaskStatus[];
  canWrite: boolean;
  emptyText: string;
}) {
  const list = useTaskList(statuses);
  const actions = useTaskActions();
  const tasks = list.data?.pages.flatMap((page) => page.items) ?? [];

  if (list.isPending)
    return (
      <Center py="xl">
        <Busy label="Loading tasks" />
      </Center>
    );
  if (list.isError) return <ErrorAlert error={list.error} title="Could not load the tasks" />;

  return (
    <Stack gap="sm">
      <ErrorAlert error={actions.retry.error} title="Could not retry the task" />
      <ErrorAlert error={actions.cancel.error} title="Could not cancel the task" />
      {tasks.length === 0 ? (
        <Text c="dimmed" ta="center" py="lg" data-testid="tasks-empty">
          {emptyText}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Queue</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Stage / progress</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th>Updated</Table.Th>
                {canWrite && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tasks.map((task) => (
                <TaskRow key={task.id} task={task} canWrite={canWrite} actions={actions} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
          w="fit-content"
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}
