import { Center } from '@mantine/core';
import { Busy } from '../ui/busy';
import { useEffect, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { onSessionExpired } from '../api/client';
import { NotAllowed } from '../ui/not-allowed';
import { useResetSession, useSession } from './session.hooks';

/** Where to come back to after signing in: the page the user was on. */
export function returnPath(location: { pathname: string; search: string }): string {
  return encodeURIComponent(location.pathname + location.search);
}

/**
 * Screens behind sign-in: first-run goes to setup, nobody signed in goes to sign-in (remembering the page), and
 * a session that expires mid-use returns to sign-in and then to where the user was.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const reset = useResetSession();

  useEffect(
    () =>
      onSessionExpired(() => {
        void reset().then(() => navigate(`/sign-in?next=${returnPath(window.location)}&expired=1`));
      }),
    [navigate, reset],
  );

  if (session.loading)
    return (
      <Center h="100vh">
        <Busy label="Loading" />
      </Center>
    );
  if (session.status?.setup_required) return <Navigate to="/setup" replace />;
  if (!session.signedIn) return <Navigate to={`/sign-in?next=${returnPath(location)}`} replace />;
  return <>{children}</>;
}

/** A screen for one role: anyone else (even by a direct URL) sees "not allowed". */
export function RequireRole({ role }: { role: 'admin' | 'editor' }) {
  const session = useSession();
  const allowed = role === 'admin' ? session.isAdmin : session.canWrite;
  return allowed ? <Outlet /> : <NotAllowed />;
}
