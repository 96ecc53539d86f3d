import { createTheme, MantineProvider, Modal, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { SiftApiError } from '../api/client';
import { router } from './routes';

const theme = createTheme({
  // People who ask their system for less motion get no transitions (the browser tests do too).
  respectReducedMotion: true,
  primaryColor: 'blue',
  defaultRadius: 'sm',
  // Darker shades keep white text on filled buttons above the WCAG contrast ratio.
  primaryShade: { light: 8, dark: 8 },
  // Their close buttons are icons only: without a name, screen readers announce just "button".
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
  },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again; a dropped connection may.
      retry: (count, err) =>
        count < 2 && !(err instanceof SiftApiError && err.status >= 400 && err.status < 500),
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
