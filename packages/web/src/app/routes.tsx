import { createBrowserRouter, Navigate } from 'react-router';
import { RequireRole, RequireSession } from '../auth/guards';
import { SetupPage } from '../auth/setup.page';
import { SignInPage } from '../auth/sign-in.page';
import { RouteError } from '../ui/route-error';
import { AppShellLayout } from './app-shell.layout';

/** A screen's module, loaded when first visited: the sign-in screen does not pay for charts or pdf.js. */
const lazy = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage />, errorElement: <RouteError /> },
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  {
    element: (
      <RequireSession>
        <AppShellLayout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/library" replace /> },
      { path: 'library', lazy: lazy(() => import('../library/library.page')) },
      { path: 'documents/:id', lazy: lazy(() => import('../documents/document.page')) },
      { path: 'search', lazy: lazy(() => import('../search/search.page')) },
      { path: 'ask', lazy: lazy(() => import('../chat/chat.page')) },
      { path: 'ask/:sessionId', lazy: lazy(() => import('../chat/chat.page')) },
      { path: 'operations', lazy: lazy(() => import('../operations/operations.page')) },
      { path: 'dashboard', lazy: lazy(() => import('../dashboard/dashboard.page')) },
      { path: 'account', lazy: lazy(() => import('../auth/account.page')) },
      {
        path: 'admin/*',
        element: <RequireRole role="admin" />,
        children: [{ path: '*', lazy: lazy(() => import('../admin/admin.page')) }],
      },
      { path: '*', lazy: lazy(() => import('../ui/not-found.page')) },
    ],
  },
]);
