import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import type { DocumentRow } from '../api/types';
import { liveEvents, type ConnectionState, type LiveEvent } from './live-events';

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore((listener) => liveEvents.onState(listener), liveEvents.getState);
}

/** Calls `handler` for every live event while the component is mounted. */
export function useLiveEvent(handler: (event: LiveEvent) => void): void {
  useEffect(() => liveEvents.subscribe(handler), [handler]);
}

interface Page<T> {
  items: T[];
}

/** Writes a document's new state into every cached list and its own query, so rows move without refetching. */
function patchDocument(client: QueryClient, id: string, patch: Partial<DocumentRow>): void {
  client.setQueriesData<Page<DocumentRow>>({ queryKey: ['documents'] }, (page) =>
    page?.items
      ? { ...page, items: page.items.map((doc) => (doc.id === id ? { ...doc, ...patch } : doc)) }
      : page,
  );
  client.setQueryData<DocumentRow>(['document', id], (doc) => (doc ? { ...doc, ...patch } : doc));
}

/** Refetches of lists are gathered: a burst of events costs one request per list. */
function throttledInvalidator(client: QueryClient) {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (key: string) => {
    pending.add(key);
    timer ??= setTimeout(() => {
      for (const k of pending) void client.invalidateQueries({ queryKey: [k] });
      pending.clear();
      timer = null;
    }, 400);
  };
}

/**
 * Keeps the cache current from the live stream: progress is written in place; creations, completions and
 * deletions refetch the lists they change; `resync` (the server could not replay what we missed) refetches all.
 */
export function useLiveCacheSync(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    // A cheap authenticated call: on 401 the API client refreshes the cookie session (or ends it).
    liveEvents.beforeReconnect = () => api.GET('/api/v1/auth/me');
    liveEvents.start();
    const invalidate = throttledInvalidator(client);
    const unsubscribe = liveEvents.subscribe((event) => {
      const type = event.type;
      if (type === 'resync') {
        void client.invalidateQueries();
        return;
      }
      if (type === 'document.progress') {
        const id = event.document_id as string;
        patchDocument(client, id, {
          status: 'processing',
          stage: (event.stage as string | null) ?? null,
          progress: Number(event.progress ?? 0),
        });
        return;
      }
      if (type.startsWith('document.')) {
        const doc = event.document as DocumentRow | undefined;
        if (doc) patchDocument(client, doc.id, doc);
        invalidate('documents');
        invalidate('stats');
        if (doc) void client.invalidateQueries({ queryKey: ['document', doc.id] });
        return;
      }
      if (type.startsWith('task.')) {
        invalidate('tasks');
        invalidate('queues');
        return;
      }
      if (type === 'source.scanned') invalidate('sources');
      if (type === 'search.space_switched') invalidate('system');
    });
    return () => {
      unsubscribe();
      liveEvents.stop();
    };
  }, [client, enabled]);
}
