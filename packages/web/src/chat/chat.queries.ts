import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { SearchFilters } from '../api/types';

export const SESSIONS_KEY = ['chat', 'sessions'] as const;
export const sessionKey = (id: string) => ['chat', 'session', id] as const;

/** The user's chat sessions, most recently used first. */
export function useChatSessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/chat/sessions')),
  });
}

/** A session with its messages and their citations. */
export function useChatSession(id: string | undefined) {
  return useQuery({
    queryKey: sessionKey(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/chat/sessions/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined,
    // Messages change only when this screen asks; no refetch behind a running stream.
    staleTime: Infinity,
  });
}

export type ChatSessionDetail = NonNullable<ReturnType<typeof useChatSession>['data']>;

export function useCreateSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (scope: SearchFilters) => unwrap(api.POST('/api/v1/chat/sessions', { body: { scope } })),
    onSuccess: (session) => {
      // A new session has no messages: seeding it spares a request racing the first question.
      client.setQueryData<ChatSessionDetail>(sessionKey(session.id), { ...session, messages: [] });
      void client.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
}

export function useRenameSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) =>
      unwrap(api.PATCH('/api/v1/chat/sessions/{id}', { params: { path: { id } }, body: { title } })),
    onSuccess: (session) => {
      client.setQueryData<ChatSessionDetail>(sessionKey(session.id), (old) =>
        old ? { ...old, title: session.title } : old,
      );
      void client.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
}

export function useDeleteSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/chat/sessions/{id}', { params: { path: { id } } })),
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: sessionKey(id) });
      void client.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
}
