import {
  ActionIcon,
  Button,
  Group,
  Menu,
  Modal,
  NavLink,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconDots, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ChatSession } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { forgetAnswer } from './answer-stream.store';
import { useChatSessions, useDeleteSession, useRenameSession } from './chat.queries';

function RenameModal({ session, onClose }: { session: ChatSession | null; onClose: () => void }) {
  const rename = useRenameSession();
  const [title, setTitle] = useState(session?.title ?? '');
  return (
    <Modal opened={session !== null} onClose={onClose} title="Rename chat">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!session || !title.trim()) return;
          rename.mutate({ id: session.id, title: title.trim() }, { onSuccess: onClose });
        }}
      >
        <Stack>
          <TextInput
            label="Title"
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            maxLength={200}
            required
            data-autofocus
          />
          <ErrorAlert error={rename.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending} disabled={!title.trim()}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteModal({ session, onClose }: { session: ChatSession | null; onClose: () => void }) {
  const remove = useDeleteSession();
  const navigate = useNavigate();
  return (
    <Modal opened={session !== null} onClose={onClose} title="Delete chat?">
      <Stack>
        <Text size="sm">
          “{session?.title}” and all of its questions and answers will be deleted. This cannot be undone.
        </Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              session &&
              remove.mutate(session.id, {
                onSuccess: () => {
                  forgetAnswer(session.id);
                  onClose();
                  if (window.location.pathname === `/ask/${session.id}`) navigate('/ask');
                },
              })
            }
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The user's chats: start a new one, open, rename or delete one. */
export function ChatSessionsPanel({ activeId }: { activeId: string | undefined }) {
  const sessions = useChatSessions();
  const [renaming, setRenaming] = useState<ChatSession | null>(null);
  const [deleting, setDeleting] = useState<ChatSession | null>(null);

  return (
    <Stack gap="xs" component="nav" aria-label="Chats">
      <Button component={Link} to="/ask" leftSection={<IconPlus size={16} aria-hidden />} variant="light">
        New chat
      </Button>
      {sessions.isPending && [0, 1, 2].map((i) => <Skeleton key={i} h={32} />)}
      <ErrorAlert error={sessions.error} title="Could not load your chats" />
      {sessions.isSuccess && sessions.data.items.length === 0 && (
        <Text size="sm" c="dimmed" px="xs">
          No chats yet. Ask a question to start one.
        </Text>
      )}
      <Stack gap={2} data-testid="chat-sessions">
        {sessions.data?.items.map((session) => (
          <Group key={session.id} gap={2} wrap="nowrap">
            <NavLink
              component={Link}
              to={`/ask/${session.id}`}
              label={session.title}
              active={session.id === activeId}
              aria-current={session.id === activeId ? 'page' : undefined}
              styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } }}
              style={{ flex: 1, minWidth: 0 }}
            />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${session.title}`}>
                  <IconDots size={16} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => setRenaming(session)}>
                  Rename
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => setDeleting(session)}
                >
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        ))}
      </Stack>
      {/* Keyed so the form starts from the chosen chat's title each time. */}
      <RenameModal key={renaming?.id ?? 'none'} session={renaming} onClose={() => setRenaming(null)} />
      <DeleteModal session={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}
