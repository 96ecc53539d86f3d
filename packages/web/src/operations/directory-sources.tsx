import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { Busy } from '../ui/busy';
import { notifications } from '@mantine/notifications';
import { IconFolderPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { DirectorySource } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { formatTime } from './task-table';

function LastScan({ source }: { source: DirectorySource }) {
  if (!source.last_scan_at) return <Text size="sm">Not scanned yet</Text>;
  const s = source.last_scan;
  return (
    <Stack gap={0}>
      <Text size="sm">{formatTime(source.last_scan_at)}</Text>
      {s && (
        <Text size="xs" c={s.failed > 0 ? 'red' : 'dimmed'}>
          {s.added} added · {s.changed} changed · {s.removed} removed · {s.unchanged} unchanged
          {s.failed > 0 ? ` · ${s.failed} failed` : ''}
        </Text>
      )}
    </Stack>
  );
}

function SourceList({
  collectionId,
  canWrite,
  isAdmin,
}: {
  collectionId: string;
  canWrite: boolean;
  isAdmin: boolean;
}) {
  const client = useQueryClient();
  const sources = useQuery({
    // Keyed under 'sources': a source.scanned live event refetches it.
    queryKey: ['sources', collectionId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/collections/{id}/sources', { params: { path: { id: collectionId } } })),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['sources', collectionId] });
    void client.invalidateQueries({ queryKey: ['tasks'] });
  };
  const scan = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/sources/{id}/scan', { params: { path: { id } } })),
    onSuccess: () =>
      notifications.show({ message: 'Scan queued; it shows under Operations while it runs.', color: 'blue' }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/sources/{id}', { params: { path: { id } } })),
    onSettled: refresh,
  });

  if (sources.isPending) return <Busy size="sm" label="Loading sources" />;
  if (sources.isError) return <ErrorAlert error={sources.error} title="Could not load the sources" />;
  return (
    <Stack gap="xs">
      <ErrorAlert error={scan.error} title="Could not start the scan" />
      <ErrorAlert error={remove.error} title="Could not remove the source" />
      {sources.data.items.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="sources-empty">
          {/* Sources belong to who added them: others see only their own. */}
          {isAdmin
            ? 'No directory syncs into this collection.'
            : 'You sync no directory into this collection.'}
        </Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Directory</Table.Th>
              <Table.Th>Last scan</Table.Th>
              {canWrite && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sources.data.items.map((source) => (
              <Table.Tr key={source.id} data-testid="source-row">
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {source.path}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <LastScan source={source} />
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconRefresh size={14} aria-hidden />}
                        loading={scan.isPending && scan.variables === source.id}
                        onClick={() => scan.mutate(source.id)}
                      >
                        Scan now
                      </Button>
                      <Tooltip label="Stop syncing (its documents stay)">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Stop syncing ${source.path}`}
                          loading={remove.isPending && remove.variables === source.id}
                          onClick={() => remove.mutate(source.id)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function AddSource({ collectionId }: { collectionId: string }) {
  const client = useQueryClient();
  const [path, setPath] = useState('');
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/collections/{id}/sources', {
          params: { path: { id: collectionId } },
          body: { path: path.trim() },
        }),
      ),
    onSuccess: () => {
      setPath('');
      notifications.show({ message: 'Directory added; its first scan is queued.', color: 'green' });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['sources', collectionId] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) add.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Directory on the server"
            description="Must lie under one of the server's source roots (SIFT_SOURCE_ROOTS)."
            placeholder="/srv/documents/contracts"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            style={{ flex: 1 }}
            miw={260}
          />
          <Button
            type="submit"
            leftSection={<IconFolderPlus size={16} aria-hidden />}
            loading={add.isPending}
          >
            Add and scan
          </Button>
        </Group>
        <ErrorAlert error={add.error} title="Could not add the directory" />
      </Stack>
    </form>
  );
}

/** Server directories synced into a collection: add one, rescan, see what the last scan did. */
export function DirectorySources({ canWrite, isAdmin }: { canWrite: boolean; isAdmin: boolean }) {
  const collections = useQuery({
    queryKey: ['collections'],
    queryFn: () => unwrap(api.GET('/api/v1/collections')),
  });
  const [picked, setPicked] = useState<string | null>(null);
  const items = collections.data?.items ?? [];
  const collectionId = picked ?? items[0]?.id ?? null;

  if (collections.isError) return <ErrorAlert error={collections.error} title="Could not load collections" />;
  if (collections.isPending) return <Busy size="sm" label="Loading collections" />;
  if (items.length === 0)
    return (
      <Text c="dimmed" size="sm">
        Directories sync into a collection; there is none yet. Create one in the library first.
      </Text>
    );
  return (
    <Stack gap="sm">
      <Select
        label="Collection"
        data={items.map((c) => ({ value: c.id, label: c.name }))}
        value={collectionId}
        onChange={setPicked}
        allowDeselect={false}
        maw={360}
      />
      {collectionId && canWrite && <AddSource key={collectionId} collectionId={collectionId} />}
      {collectionId && <SourceList collectionId={collectionId} canWrite={canWrite} isAdmin={isAdmin} />}
    </Stack>
  );
}
