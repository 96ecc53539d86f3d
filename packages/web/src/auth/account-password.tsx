import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';

const EMPTY = { current: '', next: '', confirm: '' };

/** Changing one's password; the server ends every other sign-in of the account, keeping this one. */
export function AccountPassword({ hasPassword }: { hasPassword: boolean }) {
  const [form, setForm] = useState(EMPTY);
  const mismatch = form.confirm.length > 0 && form.confirm !== form.next;
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/auth/password', {
          body: { current_password: form.current, new_password: form.next },
        }),
      ),
    onSuccess: () => {
      setForm(EMPTY);
      notifications.show({
        color: 'green',
        title: 'Password changed',
        message: 'Your other sign-ins (other browsers and devices) were signed out.',
      });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) change.mutate();
  };

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Password
      </Title>
      {!hasPassword ? (
        <Text size="sm" c="dimmed">
          You sign in through single sign-on; this account has no password here.
        </Text>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm" maw={420}>
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
              Changing the password signs you out everywhere else: other browsers and devices must sign in
              again. This browser stays signed in. API keys keep working.
            </Alert>
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={form.current}
              onChange={(e) => setForm({ ...form, current: e.currentTarget.value })}
            />
            <PasswordInput
              label="New password"
              description="At least 12 characters; common passwords are refused."
              autoComplete="new-password"
              required
              minLength={12}
              value={form.next}
              onChange={(e) => setForm({ ...form, next: e.currentTarget.value })}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              error={mismatch ? 'The passwords differ' : undefined}
              value={form.confirm}
              onChange={(e) => setForm({ ...form, confirm: e.currentTarget.value })}
            />
            <ErrorAlert error={change.error} title="Could not change the password" />
            <Button type="submit" loading={change.isPending} disabled={mismatch} w="fit-content">
              Change password
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
