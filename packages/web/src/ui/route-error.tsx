import { Button, Container, Stack, Title } from '@mantine/core';
import { useRouteError } from 'react-router';
import { ErrorAlert } from './error-alert';

/** Any error a screen throws while rendering or loading: a message and a way on, never a blank page. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Container size="sm" mt="xl">
      <Stack>
        <Title order={2}>This screen failed</Title>
        <ErrorAlert error={error} />
        <Button onClick={() => window.location.reload()} w="fit-content">
          Reload
        </Button>
      </Stack>
    </Container>
  );
}
