import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../api/client';
import { useLiveEvent } from '../live/live-events.hooks';
import type { LiveEvent } from '../live/live-events';

const KEY = ['notifications'] as const;

/**
 * The signed-in user's latest notifications and unread count. New ones arrive as `notification.created` on
 * the live stream, which refetches the list: no polling.
 */
export function useNotifications(enabled: boolean) {
  const client = useQueryClient();
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type === 'notification.created' || event.type === 'resync')
        void client.invalidateQueries({ queryKey: KEY });
    },
    [client],
  );
  useLiveEvent(onEvent);
  return useQuery({
    queryKey: KEY,
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } })),
    enabled,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/notifications/read-all')),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
