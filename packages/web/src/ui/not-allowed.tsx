import { Button, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';

/** What a direct URL to a screen the user's role does not reach shows. */
export function NotAllowed() {
  return (
    <Stack align="center" mt="xl" gap="sm" data-testid="not-allowed">
      <IconLock size={40} aria-hidden />
      <Title order={2}>Not allowed</Title>
      <Text c="dimmed">Your account's role does not give access to this screen.</Text>
      <Button component={Link} to="/library" variant="light">
        Back to the library
      </Button>
    </Stack>
  );
}
