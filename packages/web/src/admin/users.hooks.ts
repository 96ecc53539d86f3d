import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { User } from '../auth/session.hooks';

export const ROLE_OPTIONS = [
  { value: 'viewer', label: 'Viewer — reads, searches, asks' },
  { value: 'editor', label: 'Editor — also uploads and edits' },
  { value: 'admin', label: 'Admin — also manages accounts' },
];

/**
 * Accounts by id, for showing names where the API gives ids (group members, shares, audit actors). The first
 * 500 accounts: enough for a self-hosted team; pickers past that still accept the ones listed.
 */
export function useUserDirectory() {
  const query = useQuery({
    queryKey: ['users', 'directory'],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
  const users: User[] = query.data?.items ?? [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    query,
    users,
    nameOf: (id: string | null | undefined) => {
      if (!id) return '—';
      const user = byId.get(id);
      return user ? user.display_name || user.email : id;
    },
    options: users.map((u) => ({ value: u.id, label: `${u.display_name || u.email} (${u.email})` })),
  };
}
