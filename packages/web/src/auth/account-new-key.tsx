import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { ApiKey } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';

type Scope = ApiKey['scopes'][number];
type Role = 'admin' | 'editor' | 'viewer';

/** A key can never do more than its owner's role allows. */
const SCOPES_OF_ROLE: Record<Role, Scope[]> = {
  viewer: ['read'],
  editor: ['read', 'write'],
  admin: ['read', 'write', 'admin'],
};
const SCOPE_HINT: Record<Scope, string> = {
  read: 'read — list, search, ask',
  write: 'write — upload, edit, delete',
  admin: 'admin — accounts, audit, system',
};
const EXPIRY = [
  { value: 'never', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
];
const EMPTY = {
  name: '',
  scopes: ['read'] as string[],
  collections: [] as string[],
  expiry: 'never',
  rate: '' as string | number,
};

/** The new key, in full, once: the server keeps only its hash. */
function ShowOnce({ created, onDone }: { created: ApiKey & { key: string }; onDone: () => void }) {
  return (
    <Stack gap="sm" data-testid="new-key">
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy the key now">
        This is the only time the key <b>{created.name}</b> is shown. Sift keeps only a fingerprint of it; if
        you lose it, revoke it and create another.
      </Alert>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="new-key-value">
          {created.key}
        </Code>
        <CopyButton value={created.key}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the key'} withArrow>
              <ActionIcon
                variant={copied ? 'filled' : 'default'}
                color={copied ? 'teal' : undefined}
                size="lg"
                onClick={copy}
                aria-label={copied ? 'Copied' : 'Copy the key'}
              >
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Text size="sm" c="dimmed">
        Use it as <Code>Authorization: Bearer {created.prefix}…</Code>
      </Text>
      <Group justify="flex-end">
        <Button onClick={onDone}>I have stored it</Button>
      </Group>
    </Stack>
  );
}

/** Creating an API key: name, scopes within the role, optional collections, expiry and rate limit. */
export function NewKeyModal({ opened, onClose, role }: { opened: boolean; onClose: () => void; role: Role }) {
  const client = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const collections = useQuery({
    queryKey: ['collections'],
    queryFn: () => unwrap(api.GET('/api/v1/collections')),
    enabled: opened,
  });
  const create = useMutation({
    mutationFn: () => {
      const days = form.expiry === 'never' ? null : Number(form.expiry);
      return unwrap(
        api.POST('/api/v1/api-keys', {
          body: {
            name: form.name.trim(),
            scopes: form.scopes as Scope[],
            collection_ids: form.collections.length ? form.collections : null,
            expires_at: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null,
            rate_limit_per_minute: typeof form.rate === 'number' ? form.rate : null,
          },
        }),
      );
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const close = () => {
    create.reset();
    setForm(EMPTY);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={create.data ? 'Your new API key' : 'Create an API key'}
      // The key on screen must not vanish by a stray click outside the dialog.
      closeOnClickOutside={!create.data}
      size="lg"
    >
      {create.data ? (
        <ShowOnce created={create.data} onDone={close} />
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput
              label="Name"
              description="What uses it, e.g. “nightly import script”"
              required
              maxLength={100}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <Checkbox.Group
              label="Scopes"
              description="Never more than your role allows."
              value={form.scopes}
              onChange={(scopes) => setForm({ ...form, scopes })}
              required
            >
              <Stack gap={6} mt={6}>
                {SCOPES_OF_ROLE[role].map((scope) => (
                  <Checkbox key={scope} value={scope} label={SCOPE_HINT[scope]} />
                ))}
              </Stack>
            </Checkbox.Group>
            <MultiSelect
              label="Only these collections"
              description="Leave empty for everything you can reach."
              placeholder={form.collections.length ? undefined : 'All collections'}
              data={(collections.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={form.collections}
              onChange={(ids) => setForm({ ...form, collections: ids })}
              searchable
              clearable
            />
            <Group grow align="flex-start">
              <Select
                label="Expires"
                data={EXPIRY}
                value={form.expiry}
                onChange={(v) => v && setForm({ ...form, expiry: v })}
                allowDeselect={false}
              />
              <NumberInput
                label="Rate limit"
                description="Requests per minute; empty: the server's default"
                min={1}
                max={1_000_000}
                allowDecimal={false}
                value={form.rate}
                onChange={(rate) => setForm({ ...form, rate })}
              />
            </Group>
            <ErrorAlert error={collections.error} title="Could not load collections" />
            <ErrorAlert error={create.error} title="Could not create the key" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={form.scopes.length === 0}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
