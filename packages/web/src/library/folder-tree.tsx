import { ActionIcon, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { Busy } from '../ui/busy';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconChevronRight,
  IconDots,
  IconFolder,
  IconFolderPlus,
  IconFolders,
} from '@tabler/icons-react';
import { useMemo, useState, type DragEvent, type ReactNode } from 'react';
import { describeError } from '../api/client';
import type { FolderTree as FolderNode } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { isLibraryDrag, readDrag, startDrag, type DragItem } from './drag-data';
import classes from './library.module.css';
import { useCreateFolder, useFolderTree, useMoveDocument, useUpdateFolder } from './library.queries';
import type { MoveTarget } from './move-to.modal';
import { NameModal } from './name.modal';

interface FolderTreeProps {
  collectionId: string | null;
  selected: string | null;
  onSelect: (folderId: string | null) => void;
  canWrite: boolean;
  onMove: (target: MoveTarget) => void;
}

type Dialog = { mode: 'create'; parent: FolderNode | null } | { mode: 'rename'; folder: FolderNode } | null;

function flatten(nodes: FolderNode[], into = new Map<string, FolderNode>()): Map<string, FolderNode> {
  for (const node of nodes) {
    into.set(node.id, node);
    flatten(node.children, into);
  }
  return into;
}

function contains(node: FolderNode, id: string): boolean {
  return node.id === id || node.children.some((child) => contains(child, id));
}

/**
 * The folders of the selected collection (or all of them): choosing one filters the table (with its
 * subfolders). Documents and folders dropped on a folder move into it; "All folders" takes them out.
 */
export function FolderTree({ collectionId, selected, onSelect, canWrite, onMove }: FolderTreeProps) {
  const tree = useFolderTree(collectionId);
  const create = useCreateFolder();
  const update = useUpdateFolder();
  const moveDocument = useMoveDocument();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog>(null);
  const roots = useMemo(() => tree.data?.items ?? [], [tree.data]);
  const byId = useMemo(() => flatten(roots), [roots]);

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const failed = (err: unknown) => {
    const { title, message, code } = describeError(err);
    notifications.show({ color: 'red', title, message: `${message} (${code})` });
  };

  const drop = (item: DragItem, target: FolderNode | null) => {
    if (item.kind === 'document') {
      moveDocument.mutate({ id: item.id, folder: target }, { onError: failed });
      return;
    }
    const moving = byId.get(item.id);
    if (!moving || (target && contains(moving, target.id))) return; // Into itself: nothing to do.
    if ((moving.parent_id ?? null) === (target?.id ?? null)) return;
    update.mutate({ id: item.id, parent_id: target?.id ?? null }, { onError: failed });
  };

  const closeDialog = () => {
    setDialog(null);
    create.reset();
    update.reset();
  };
  const submitName = (name: string) => {
    if (dialog?.mode === 'create') {
      create.mutate(
        {
          name,
          parentId: dialog.parent?.id ?? null,
          collectionId: dialog.parent?.collection_id ?? collectionId,
        },
        {
          onSuccess: (folder) => {
            if (dialog.parent) setExpanded((prev) => new Set(prev).add(dialog.parent!.id));
            onSelect(folder.id);
            closeDialog();
          },
        },
      );
    } else if (dialog?.mode === 'rename') {
      update.mutate({ id: dialog.folder.id, name }, { onSuccess: closeDialog });
    }
  };

  const renderNodes = (nodes: FolderNode[], level: number): ReactNode => (
    <ul className={classes.folderList}>
      {nodes.map((node) => (
        <li key={node.id}>
          <FolderRow
            label={node.name}
            level={level}
            current={selected === node.id}
            expanded={node.children.length > 0 ? expanded.has(node.id) : undefined}
            onToggle={() => toggle(node.id)}
            onSelect={() => onSelect(node.id)}
            onDrop={canWrite ? (item) => drop(item, node) : undefined}
            onDragStart={
              canWrite ? (e) => startDrag(e, { kind: 'folder', id: node.id }, node.name) : undefined
            }
            menu={
              canWrite && (
                <FolderMenu
                  name={node.name}
                  onCreate={() => setDialog({ mode: 'create', parent: node })}
                  onRename={() => setDialog({ mode: 'rename', folder: node })}
                  onMove={() =>
                    onMove({ kind: 'folder', id: node.id, name: node.name, currentFolderId: node.parent_id })
                  }
                />
              )
            }
          />
          {expanded.has(node.id) && node.children.length > 0 && renderNodes(node.children, level + 1)}
        </li>
      ))}
    </ul>
  );

  return (
    <nav aria-label="Folders">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          Folders
        </Text>
        {canWrite && (
          <ActionIcon
            variant="subtle"
            aria-label="New folder"
            onClick={() =>
              setDialog({ mode: 'create', parent: selected ? (byId.get(selected) ?? null) : null })
            }
          >
            <IconFolderPlus size={18} />
          </ActionIcon>
        )}
      </Group>
      <FolderRow
        label="All folders"
        icon={<IconFolders size={16} aria-hidden />}
        level={0}
        current={selected === null}
        onSelect={() => onSelect(null)}
        onDrop={canWrite ? (item) => drop(item, null) : undefined}
      />
      {tree.isPending && <Busy size="xs" m="xs" label="Loading folders" />}
      <ErrorAlert error={tree.error} />
      {tree.isSuccess && roots.length === 0 && (
        <Text size="xs" c="dimmed" px={6} py={4}>
          No folders yet.
        </Text>
      )}
      {renderNodes(roots, 1)}
      <NameModal
        opened={dialog !== null}
        title={
          dialog?.mode === 'rename'
            ? `Rename “${dialog.folder.name}”`
            : dialog?.parent
              ? `New folder in “${dialog.parent.name}”`
              : 'New folder'
        }
        label="Folder name"
        submitLabel={dialog?.mode === 'rename' ? 'Rename' : 'Create'}
        initial={dialog?.mode === 'rename' ? dialog.folder.name : ''}
        pending={create.isPending || update.isPending}
        error={create.error ?? update.error}
        onSubmit={submitName}
        onClose={closeDialog}
      />
    </nav>
  );
}

interface FolderRowProps {
  label: string;
  icon?: ReactNode;
  level: number;
  current: boolean;
  /** Undefined for a folder without subfolders (no toggle). */
  expanded?: boolean;
  onToggle?: () => void;
  onSelect: () => void;
  onDrop?: (item: DragItem) => void;
  onDragStart?: (event: DragEvent) => void;
  menu?: ReactNode;
}

function FolderRow(props: FolderRowProps) {
  const { label, level, current, expanded, onToggle, onSelect, onDrop, onDragStart, menu } = props;
  const [over, setOver] = useState(false);
  const dropHandlers = onDrop && {
    onDragOver: (e: DragEvent) => {
      if (!isLibraryDrag(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      setOver(true);
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: DragEvent) => {
      setOver(false);
      const item = readDrag(e);
      if (!item) return;
      e.preventDefault();
      onDrop(item);
    },
  };
  return (
    <Group
      gap={2}
      wrap="nowrap"
      className={classes.folderRow}
      data-drop-target={over || undefined}
      style={{ paddingLeft: Math.max(0, level - 1) * 14 }}
      {...dropHandlers}
    >
      {expanded !== undefined ? (
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`${expanded ? 'Collapse' : 'Expand'} ${label}`}
          aria-expanded={expanded}
          onClick={onToggle}
        >
          {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        </ActionIcon>
      ) : (
        level > 0 && <span style={{ width: 22, flex: 'none' }} />
      )}
      <UnstyledButton
        className={classes.folderButton}
        aria-current={current}
        onClick={onSelect}
        draggable={Boolean(onDragStart)}
        onDragStart={onDragStart}
        data-testid="folder-item"
      >
        <Group gap={6} wrap="nowrap">
          {props.icon ?? <IconFolder size={16} aria-hidden />}
          <Text size="sm" className={classes.cellText} inherit>
            {label}
          </Text>
        </Group>
      </UnstyledButton>
      {menu}
    </Group>
  );
}

function FolderMenu(props: { name: string; onCreate: () => void; onRename: () => void; onMove: () => void }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Actions for folder ${props.name}`}>
          <IconDots size={14} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={props.onCreate}>New subfolder…</Menu.Item>
        <Menu.Item onClick={props.onRename}>Rename…</Menu.Item>
        <Menu.Item onClick={props.onMove}>Move to…</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
