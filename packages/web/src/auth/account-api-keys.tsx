import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { Busy } from '../ui/busy';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { ApiKey } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { NewKeyModal } from './account-new-key';

function keyState(key: ApiKey): { label: string; color: string } {
  if (key.revoked_at) return { label: 'revoked', color: 'gray' };
  if (key.expires_at && Date.parse(key.expires_at) <= Date.now())
    return { label: 'expired', color: 'orange' };
  return { label: 'active', color: 'green' };
}

const date = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleDateString() : none);

/** One's own API keys: create (shown once), see when each was last used, revoke. */
export function AccountApiKeys({ role }: { role: 'admin' | 'editor' | 'viewer' }) {
  const client = useQueryClient();
  const [creating, { open, close }] = useDisclosure(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });
  const collections = useQuery({
    queryKey: ['collections'],
    queryFn: () => unwrap(api.GET('/api/v1/collections')),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => setRevoking(null),
    onSettled: () => client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const collectionName = (id: string) => collections.data?.items.find((c) => c.id === id)?.name ?? id;
  // Active keys first; revoked ones stay listed (their last use can matter) but below.
  const rows = [...(keys.data?.items ?? [])].sort(
    (a, b) => Number(!!a.revoked_at) - Number(!!b.revoked_at) || b.created_at.localeCompare(a.created_at),
  );

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          API keys
        </Title>
        <Button leftSection={<IconKey size={16} aria-hidden />} onClick={open}>
          Create API key
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        For scripts and other programs: send a key as <code>Authorization: Bearer sift_…</code>; it acts as
        you, with at most its scopes.
      </Text>
      <NewKeyModal opened={creating} onClose={close} role={role} />
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke the API key?">
        <Stack gap="sm">
          <Text size="sm">
            Programs using <b>{revoking?.name}</b> ({revoking?.prefix}…) stop working at once. This cannot be
            undone.
          </Text>
          <ErrorAlert error={revoke.error} title="Could not revoke the key" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => revoking && revoke.mutate(revoking.id)}
            >
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
      {keys.isPending ? (
        <Busy size="sm" label="Loading API keys" />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} title="Could not load the API keys" />
      ) : rows.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="keys-empty">
          You have no API keys.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" data-testid="keys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Collections</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Revoke</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((key) => {
                const state = keyState(key);
                return (
                  <Table.Tr key={key.id} data-testid="key-row" data-state={state.label}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {key.name}
                      </Text>
                      {key.rate_limit_per_minute && (
                        <Text size="xs" c="dimmed">
                          {key.rate_limit_per_minute}/min
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {key.prefix}…
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {key.scopes.map((s) => (
                          <Badge miw="max-content" key={s} size="xs" variant="light">
                            {s}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {key.collection_ids ? key.collection_ids.map(collectionName).join(', ') : 'all'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{date(key.expires_at, 'never')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {date(key.last_used_at, 'never')}
                        {key.last_used_ip ? ` from ${key.last_used_ip}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge miw="max-content" size="sm" variant="light" color={state.color}>
                        {state.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {!key.revoked_at && (
                        <Tooltip label="Revoke">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Revoke key ${key.name}`}
                            onClick={() => {
                              revoke.reset();
                              setRevoking(key);
                            }}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
