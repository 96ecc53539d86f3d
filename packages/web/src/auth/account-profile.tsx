import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { SESSION_KEY, type User } from './session.hooks';

const ROLE_TEXT: Record<User['role'], string> = {
  admin: 'Manages accounts, shares and the system, and does everything editors do.',
  editor: 'Uploads, edits and deletes documents, and does everything viewers do.',
  viewer: 'Reads, searches and asks questions.',
};

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** Who one is: email and role (set by an admin), and the display name, which one may change. */
export function AccountProfile({ user }: { user: User }) {
  const client = useQueryClient();
  const [name, setName] = useState(user.display_name);
  const rename = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { display_name: name.trim() },
        }),
      ),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Display name saved.' });
      void client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Profile
      </Title>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Field label="Email">{user.email}</Field>
          <Field label="Role">
            <Group gap={6}>
              <Badge variant="light">{user.role}</Badge>
              {user.sso && (
                <Badge variant="outline" size="sm">
                  single sign-on
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {ROLE_TEXT[user.role]}
            </Text>
          </Field>
          <Field label="Last sign-in">
            {user.last_login_at ? new Date(user.last_login_at).toLocaleString() : '—'}
          </Field>
        </SimpleGrid>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Display name"
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              w={320}
            />
            <Button
              type="submit"
              variant="light"
              loading={rename.isPending}
              disabled={name.trim() === user.display_name}
            >
              Save name
            </Button>
          </Group>
        </form>
        <ErrorAlert error={rename.error} title="Could not save the name" />
      </Stack>
    </Paper>
  );
}
