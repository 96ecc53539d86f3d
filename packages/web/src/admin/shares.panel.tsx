import {
  ActionIcon,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconShare, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { Share } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useUserDirectory } from './users.hooks';

type ShareRole = Share['role'];
type Principal = Share['principal_type'];
const SHARE_ROLES = [
  { value: 'viewer', label: 'Viewer' },
  { value: 'editor', label: 'Editor' },
];

function useShares(collectionId: string) {
  const client = useQueryClient();
  const key = ['shares', collectionId];
  const list = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(api.GET('/api/v1/collections/{id}/shares', { params: { path: { id: collectionId } } })),
  });
  const settle = () => client.invalidateQueries({ queryKey: key });
  const put = useMutation({
    mutationFn: (body: { principal_type: Principal; principal_id: string; role: ShareRole }) =>
      unwrap(api.PUT('/api/v1/collections/{id}/shares', { params: { path: { id: collectionId } }, body })),
    onSettled: settle,
  });
  const remove = useMutation({
    mutationFn: (share: Share) =>
      unwrap(
        api.DELETE('/api/v1/collections/{id}/shares/{principal_type}/{principal_id}', {
          params: {
            path: {
              id: collectionId,
              principal_type: share.principal_type,
              principal_id: share.principal_id,
            },
          },
        }),
      ),
    onSettled: settle,
  });
  return { list, put, remove };
}

function AddShare({ onAdd, busy }: { onAdd: ReturnType<typeof useShares>['put']; busy: boolean }) {
  const directory = useUserDirectory();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups')) });
  const [type, setType] = useState<Principal>('user');
  const [principal, setPrincipal] = useState<string | null>(null);
  const [role, setRole] = useState<ShareRole>('viewer');
  const options =
    type === 'user'
      ? directory.options
      : (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (principal)
      onAdd.mutate(
        { principal_type: type, principal_id: principal, role },
        { onSuccess: () => setPrincipal(null) },
      );
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <SegmentedControl
          aria-label="Share with"
          data={[
            { value: 'user', label: 'User' },
            { value: 'group', label: 'Group' },
          ]}
          value={type}
          onChange={(v) => {
            setType(v as Principal);
            setPrincipal(null);
          }}
        />
        <Select
          label={type === 'user' ? 'Account' : 'Group'}
          placeholder={type === 'user' ? 'Pick an account' : 'Pick a group'}
          data={options}
          value={principal}
          onChange={setPrincipal}
          searchable
          nothingFoundMessage="Nothing found"
          miw={260}
        />
        <Select
          label="Role"
          data={SHARE_ROLES}
          value={role}
          onChange={(v) => v && setRole(v as ShareRole)}
          allowDeselect={false}
          w={130}
        />
        <Button
          type="submit"
          leftSection={<IconShare size={16} aria-hidden />}
          disabled={!principal}
          loading={busy}
        >
          Share
        </Button>
      </Group>
    </form>
  );
}

function ShareList({ collectionId }: { collectionId: string }) {
  const directory = useUserDirectory();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups')) });
  const { list, put, remove } = useShares(collectionId);
  const nameOf = (share: Share) =>
    share.principal_type === 'user'
      ? directory.nameOf(share.principal_id)
      : (groups.data?.items.find((g) => g.id === share.principal_id)?.name ?? share.principal_id);

  return (
    <Stack gap="sm">
      <AddShare onAdd={put} busy={put.isPending} />
      <ErrorAlert error={put.error} title="Could not share the collection" />
      <ErrorAlert error={remove.error} title="Could not remove the share" />
      {list.isPending ? (
        <Busy size="sm" label="Loading shares" />
      ) : list.isError ? (
        <ErrorAlert error={list.error} title="Could not load the shares" />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="shares-empty">
          Shared with no one: only its owner and admins reach it.
        </Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Shared with</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>
                <VisuallyHidden>Remove</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((share) => (
              <Table.Tr key={`${share.principal_type}:${share.principal_id}`} data-testid="share-row">
                <Table.Td>
                  <Group gap={6}>
                    <Badge
                      miw="max-content"
                      size="xs"
                      variant="light"
                      color={share.principal_type === 'group' ? 'grape' : 'blue'}
                    >
                      {share.principal_type}
                    </Badge>
                    <Text size="sm">{nameOf(share)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    w={120}
                    aria-label={`Role of ${nameOf(share)}`}
                    data={SHARE_ROLES}
                    value={share.role}
                    allowDeselect={false}
                    onChange={(role) =>
                      role &&
                      role !== share.role &&
                      put.mutate({
                        principal_type: share.principal_type,
                        principal_id: share.principal_id,
                        role: role as ShareRole,
                      })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{new Date(share.created_at).toLocaleDateString()}</Text>
                </Table.Td>
                <Table.Td>
                  <Tooltip label="Stop sharing">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Stop sharing with ${nameOf(share)}`}
                      loading={remove.isPending && remove.variables === share}
                      onClick={() => remove.mutate(share)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Who each collection is shared with, as viewer or editor; admins change any collection's shares. */
export function SharesPanel() {
  const collections = useQuery({
    queryKey: ['collections'],
    queryFn: () => unwrap(api.GET('/api/v1/collections')),
  });
  const [picked, setPicked] = useState<string | null>(null);
  const items = collections.data?.items ?? [];
  const collectionId = picked ?? items[0]?.id ?? null;

  if (collections.isPending) return <Busy size="sm" label="Loading collections" />;
  if (collections.isError) return <ErrorAlert error={collections.error} title="Could not load collections" />;
  if (items.length === 0)
    return (
      <Text c="dimmed" data-testid="shares-no-collections">
        There are no collections to share yet.
      </Text>
    );
  return (
    <Stack gap="md">
      <Select
        label="Collection"
        data={items.map((c) => ({
          value: c.id,
          label: `${c.name} (${c.document_count} ${c.document_count === 1 ? 'document' : 'documents'})`,
        }))}
        value={collectionId}
        onChange={setPicked}
        allowDeselect={false}
        searchable
        maw={420}
      />
      {collectionId && <ShareList key={collectionId} collectionId={collectionId} />}
    </Stack>
  );
}
