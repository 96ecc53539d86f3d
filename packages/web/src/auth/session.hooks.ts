import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '../api/types';
import { api, unwrap } from '../api/client';

export type User = Schemas['User'];
export type AuthStatus = Awaited<ReturnType<typeof fetchStatus>>;

export const SESSION_KEY = ['auth', 'status'] as const;

async function fetchStatus() {
  return unwrap(api.GET('/api/v1/auth/status'));
}

export interface Session {
  /** Still asking the server. */
  loading: boolean;
  status: AuthStatus | undefined;
  /** Signed in (or auth is off on this machine: the operator). */
  signedIn: boolean;
  role: 'admin' | 'editor' | 'viewer';
  email: string | null;
  displayName: string | null;
  userId: string | null;
  canWrite: boolean;
  isAdmin: boolean;
  refetch: () => Promise<unknown>;
}

/** Who is using the UI, from `GET /auth/status` (cheap, public): setup state, SSO, the signed-in user. */
export function useSession(): Session {
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchStatus, staleTime: 60_000, retry: 1 });
  const status = query.data;
  const user = status?.user ?? null;
  // With auth off (loopback only) the operator acts: everything is allowed.
  const operator = status !== undefined && !status.auth_enabled;
  const role = operator ? 'admin' : (user?.role ?? 'viewer');
  return {
    loading: query.isPending,
    status,
    signedIn: operator || user !== null,
    role,
    email: user?.email ?? null,
    displayName: user?.display_name ?? (operator ? 'Operator' : null),
    userId: user?.id ?? null,
    canWrite: role !== 'viewer',
    isAdmin: role === 'admin',
    refetch: query.refetch,
  };
}

/** Forget everything cached for the previous user (sign-in, sign-out, session expiry). */
export function useResetSession(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    await client.invalidateQueries({ queryKey: SESSION_KEY });
  };
}
