import { ActionIcon, Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconBooks, IconDots, IconPlus, IconStack2 } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { Collection } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import classes from './library.module.css';
import { useCollections, useCreateCollection, useRenameCollection } from './library.queries';
import { NameModal } from './name.modal';

interface CollectionsNavProps {
  selected: string | null;
  onSelect: (collectionId: string | null) => void;
  canWrite: boolean;
}

type Dialog = { mode: 'create' } | { mode: 'rename'; collection: Collection } | null;

/** The collections the user can read; choosing one filters the table and is where uploads go. */
export function CollectionsNav({ selected, onSelect, canWrite }: CollectionsNavProps) {
  const collections = useCollections();
  const create = useCreateCollection();
  const rename = useRenameCollection();
  const [dialog, setDialog] = useState<Dialog>(null);
  const items = collections.data?.items ?? [];

  const close = () => {
    setDialog(null);
    create.reset();
    rename.reset();
  };
  const submit = (name: string) => {
    if (dialog?.mode === 'create') {
      create.mutate(name, {
        onSuccess: (collection) => {
          onSelect(collection.id);
          close();
        },
      });
    } else if (dialog?.mode === 'rename') {
      rename.mutate({ id: dialog.collection.id, name }, { onSuccess: close });
    }
  };

  return (
    <nav aria-label="Collections">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          Collections
        </Text>
        {canWrite && (
          <ActionIcon
            variant="subtle"
            aria-label="New collection"
            onClick={() => setDialog({ mode: 'create' })}
          >
            <IconPlus size={18} />
          </ActionIcon>
        )}
      </Group>
      <ul className={classes.folderList}>
        <li>
          <CollectionRow
            icon={<IconBooks size={16} aria-hidden />}
            label="All documents"
            current={selected === null}
            onSelect={() => onSelect(null)}
          />
        </li>
        {items.map((c) => (
          <li key={c.id}>
            <CollectionRow
              icon={<IconStack2 size={16} aria-hidden />}
              label={c.name}
              count={c.document_count}
              current={selected === c.id}
              onSelect={() => onSelect(c.id)}
              menu={
                canWrite && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={`Actions for collection ${c.name}`}
                      >
                        <IconDots size={14} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setDialog({ mode: 'rename', collection: c })}>
                        Rename…
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )
              }
            />
          </li>
        ))}
      </ul>
      {collections.isPending && <Busy size="xs" m="xs" label="Loading collections" />}
      <ErrorAlert error={collections.error} />
      <NameModal
        opened={dialog !== null}
        title={dialog?.mode === 'rename' ? `Rename “${dialog.collection.name}”` : 'New collection'}
        label="Collection name"
        submitLabel={dialog?.mode === 'rename' ? 'Rename' : 'Create'}
        initial={dialog?.mode === 'rename' ? dialog.collection.name : ''}
        pending={create.isPending || rename.isPending}
        error={create.error ?? rename.error}
        onSubmit={submit}
        onClose={close}
      />
    </nav>
  );
}

function CollectionRow(props: {
  icon: ReactNode;
  label: string;
  count?: number;
  current: boolean;
  onSelect: () => void;
  menu?: ReactNode;
}) {
  return (
    <Group gap={2} wrap="nowrap" className={classes.folderRow}>
      <UnstyledButton className={classes.folderButton} aria-current={props.current} onClick={props.onSelect}>
        <Group gap={6} wrap="nowrap">
          {props.icon}
          <Text size="sm" className={classes.cellText} inherit style={{ flex: 1 }}>
            {props.label}
          </Text>
          {props.count !== undefined && (
            <Badge size="xs" variant="light" color="gray">
              {props.count}
            </Badge>
          )}
        </Group>
      </UnstyledButton>
      {props.menu}
    </Group>
  );
}
