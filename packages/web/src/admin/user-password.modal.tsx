import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { User } from '../auth/session.hooks';
import { ErrorAlert } from '../ui/error-alert';

/** An admin sets a new password for someone who forgot theirs; the server ends that account's sign-ins. */
export function UserPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST('/api/v1/users/{id}/password', {
          params: { path: { id } },
          body: { new_password: password },
        }),
      ),
    onSuccess: (account) => {
      notifications.show({ color: 'green', message: `New password set for ${account.email}` });
      close();
    },
  });
  const close = () => {
    setPassword('');
    reset.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (user) reset.mutate(user.id);
  };
  return (
    <Modal opened={user !== null} onClose={close} title={`Set a password for ${user?.email ?? ''}`}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Their other sign-ins end; their API keys keep working. Tell them the new password by a safe way.
          </Text>
          <PasswordInput
            label="New password"
            description="At least 12 characters; common passwords are refused."
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-autofocus
          />
          <ErrorAlert error={reset.error} title="Could not set the password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={reset.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
