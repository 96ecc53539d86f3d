import { Alert, Code, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { describeError } from '../api/client';

/** An API problem shown where the user acted: the message and its stable code, never a stack. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const described = describeError(error);
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title ?? described.title} role="alert">
      <Text size="sm">{described.message}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        <Code data-testid="error-code">{described.code}</Code>
      </Text>
    </Alert>
  );
}
