import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <Stack align="center" mt="xl" gap="sm">
      <Title order={2}>Nothing here</Title>
      <Text c="dimmed">This address does not match any screen.</Text>
      <Button component={Link} to="/library" variant="light">
        Go to the library
      </Button>
    </Stack>
  );
}
