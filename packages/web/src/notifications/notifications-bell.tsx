import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMarkAllRead, useMarkRead, useNotifications } from './notifications.queries';

/** The header's bell: the unread count, and the latest notifications; opening one marks it read. */
export function NotificationsBell({ enabled }: { enabled: boolean }) {
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const list = useNotifications(enabled);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.unread_count ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} withinPortal shadow="md">
      <Popover.Target>
        <Tooltip label={label} disabled={opened}>
          <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} offset={4}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={label}
              data-testid="notifications-bell"
              onClick={() => {
                // Documents added to an unread aggregate are not pushed one by one: count them afresh.
                if (!opened) void list.refetch();
                setOpened(!opened);
              }}
            >
              <IconBell size={18} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs" aria-label="Notifications">
        <Group justify="space-between" mb="xs">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            Mark all read
          </Button>
        </Group>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={4} data-testid="notifications-list">
            {(list.data?.items ?? []).length === 0 && (
              <Text size="sm" c="dimmed" p="xs">
                Nothing new.
              </Text>
            )}
            {(list.data?.items ?? []).map((n) => (
              <UnstyledButton
                key={n.id}
                p="xs"
                style={{ borderRadius: 4 }}
                onClick={() => {
                  if (!n.read) markRead.mutate(n.id);
                  if (n.link) {
                    setOpened(false);
                    navigate(n.link);
                  }
                }}
              >
                <Text size="sm" fw={n.read ? 400 : 600}>
                  {n.kind === 'documents.processed'
                    ? `${n.count} ${n.count === 1 ? 'document' : 'documents'} processed`
                    : n.title}
                </Text>
                {n.body && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {n.body}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {new Date(n.updated_at).toLocaleString()}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
