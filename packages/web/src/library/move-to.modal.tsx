import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import type { Folder } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useFolders, useMoveDocument, useUpdateFolder } from './library.queries';

/** What is being moved: a document or a folder, with the name the dialog shows. */
export interface MoveTarget {
  kind: 'document' | 'folder';
  id: string;
  name: string;
  currentFolderId: string | null;
}

const TOP_LEVEL = '__top__';

/** The ids of a folder and everything below it: a folder cannot move into itself. */
function subtreeOf(folders: Folder[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of folders) {
      if (f.parent_id && ids.has(f.parent_id) && !ids.has(f.id)) {
        ids.add(f.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * "Move to…": the keyboard (and touch) way to do what dragging onto the folder tree does. The same
 * mutations, so both paths behave alike.
 */
export function MoveToModal({ target, onClose }: { target: MoveTarget | null; onClose: () => void }) {
  return (
    <Modal opened={target !== null} onClose={onClose} title={target ? `Move “${target.name}”` : ''} centered>
      {target && <MoveForm target={target} onClose={onClose} />}
    </Modal>
  );
}

function MoveForm({ target, onClose }: { target: MoveTarget; onClose: () => void }) {
  const folders = useFolders();
  const moveDocument = useMoveDocument();
  const updateFolder = useUpdateFolder();
  const [choice, setChoice] = useState<string | null>(target.currentFolderId ?? TOP_LEVEL);
  const items = useMemo(() => folders.data?.items ?? [], [folders.data]);

  const options = useMemo(() => {
    const excluded = target.kind === 'folder' ? subtreeOf(items, target.id) : new Set<string>();
    return [
      { value: TOP_LEVEL, label: target.kind === 'folder' ? 'Top level' : 'No folder' },
      ...items
        .filter((f) => !excluded.has(f.id))
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((f) => ({ value: f.id, label: f.path })),
    ];
  }, [items, target]);

  const mutation = target.kind === 'document' ? moveDocument : updateFolder;
  const submit = () => {
    const folder = choice === TOP_LEVEL ? null : (items.find((f) => f.id === choice) ?? null);
    const done = () => {
      notifications.show({
        color: 'green',
        message: `Moved “${target.name}” to ${folder ? folder.path : 'the top level'}`,
      });
      onClose();
    };
    if (target.kind === 'document') moveDocument.mutate({ id: target.id, folder }, { onSuccess: done });
    else updateFolder.mutate({ id: target.id, parent_id: folder?.id ?? null }, { onSuccess: done });
  };

  return (
    <Stack>
      <ErrorAlert error={folders.error} />
      <Select
        label="Destination folder"
        data={options}
        value={choice}
        onChange={setChoice}
        searchable
        allowDeselect={false}
        nothingFoundMessage="No folder by that name"
        disabled={folders.isPending}
        data-autofocus
      />
      {items.length === 0 && !folders.isPending && (
        <Text size="sm" c="dimmed">
          There are no folders yet; create one in the folder tree.
        </Text>
      )}
      <ErrorAlert error={mutation.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={submit} loading={mutation.isPending} disabled={!choice}>
          Move
        </Button>
      </Group>
    </Stack>
  );
}
