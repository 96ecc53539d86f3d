import { Button, Checkbox, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { ROLE_OPTIONS } from './users.hooks';

type Role = 'admin' | 'editor' | 'viewer';
const EMPTY = { email: '', display_name: '', role: 'viewer' as Role, password: '', ssoOnly: false };

/** A new account: email, name, role, and a first password (or none, for sign-in through single sign-on). */
export function UserCreateModal({
  opened,
  onClose,
  ssoAvailable,
}: {
  opened: boolean;
  onClose: () => void;
  ssoAvailable: boolean;
}) {
  const client = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/users', {
          body: {
            email: form.email.trim(),
            role: form.role,
            password: form.ssoOnly ? null : form.password,
            ...(form.display_name.trim() ? { display_name: form.display_name.trim() } : {}),
          },
        }),
      ),
    onSuccess: (user) => {
      notifications.show({ message: `Account ${user.email} created.`, color: 'green' });
      void client.invalidateQueries({ queryKey: ['users'] });
      setForm(EMPTY);
      onClose();
    },
  });
  const close = () => {
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened={opened} onClose={close} title="Create an account">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="off"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          />
          <TextInput
            label="Display name"
            autoComplete="off"
            value={form.display_name}
            onChange={(e) => setForm({ ...form, display_name: e.currentTarget.value })}
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            value={form.role}
            onChange={(v) => v && setForm({ ...form, role: v as Role })}
            allowDeselect={false}
          />
          {ssoAvailable && (
            <Checkbox
              label="Signs in only through single sign-on (no password)"
              checked={form.ssoOnly}
              onChange={(e) => setForm({ ...form, ssoOnly: e.currentTarget.checked })}
            />
          )}
          {!form.ssoOnly && (
            <PasswordInput
              label="First password"
              description="At least 12 characters; tell it to the person, who can change it under Account."
              required
              minLength={12}
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
          )}
          <ErrorAlert error={create.error} title="Could not create the account" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
