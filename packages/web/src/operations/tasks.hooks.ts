import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { Task } from '../api/types';

export type TaskStatus = Task['status'];
export type QueueName = Task['queue'];

export const QUEUES: readonly QueueName[] = ['high', 'default', 'low', 'maintenance'];

/** The task lists of the screen: which statuses each shows. */
export const TASK_VIEWS = [
  { value: 'running', label: 'Running', statuses: ['running'] },
  { value: 'queued', label: 'Queued', statuses: ['pending'] },
  { value: 'failed', label: 'Failed', statuses: ['failed'] },
  { value: 'dead', label: 'Dead', statuses: ['dead'] },
  { value: 'finished', label: 'Finished', statuses: ['succeeded', 'cancelled'] },
] as const satisfies readonly { value: string; label: string; statuses: readonly TaskStatus[] }[];

export type TaskView = (typeof TASK_VIEWS)[number]['value'];

const PAGE_SIZE = 50;

/**
 * One task list, paged with "load more". Keyed under 'tasks' so that every task.* live event refetches it:
 * progress arrives by push, never by polling.
 */
export function useTaskList(statuses: readonly TaskStatus[], type?: string) {
  return useInfiniteQuery({
    queryKey: ['tasks', 'list', { statuses, type: type ?? null }],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/tasks', {
          params: {
            query: {
              status: statuses.join(','),
              limit: PAGE_SIZE,
              ...(type ? { type } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

export type QueueDepths = Record<QueueName, Partial<Record<TaskStatus, number>>>;

/**
 * Depths per queue. Admins read the server's counts (`/system/status`, every task); others count their own
 * waiting and running tasks, which is all the API lets them see.
 */
export function useQueueDepths(isAdmin: boolean) {
  const system = useQuery({
    queryKey: ['queues', 'system-status'],
    queryFn: () => unwrap(api.GET('/api/v1/system/status')),
    enabled: isAdmin,
  });
  const own = useQuery({
    queryKey: ['tasks', 'depths'],
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/v1/tasks', { params: { query: { status: 'pending,running', limit: 200 } } }),
      );
      const depths = Object.fromEntries(QUEUES.map((q) => [q, {}])) as QueueDepths;
      for (const task of page.items) {
        const counts = depths[task.queue];
        counts[task.status] = (counts[task.status] ?? 0) + 1;
      }
      return { depths, capped: page.next_cursor !== null };
    },
    enabled: !isAdmin,
  });
  if (isAdmin) {
    return {
      depths: system.data?.queues as QueueDepths | undefined,
      capped: false,
      scope: 'all' as const,
      error: system.error,
      isPending: system.isPending,
    };
  }
  return {
    depths: own.data?.depths,
    capped: own.data?.capped ?? false,
    scope: 'own' as const,
    error: own.error,
    isPending: own.isPending,
  };
}

/** Retry (failed, dead) and cancel (pending, running); both refresh every task list and the depths. */
export function useTaskActions() {
  const client = useQueryClient();
  const settle = () => {
    void client.invalidateQueries({ queryKey: ['tasks'] });
    void client.invalidateQueries({ queryKey: ['queues'] });
  };
  const retry = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/tasks/{id}/retry', { params: { path: { id } } })),
    onSettled: settle,
  });
  const cancel = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/tasks/{id}/cancel', { params: { path: { id } } })),
    onSettled: settle,
  });
  return { retry, cancel };
}
