import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Group as Row,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { Group } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useUserDirectory } from './users.hooks';

/** Create a group, or rename one and replace its members: the same form. */
function GroupForm({ group, onDone }: { group: Group | null; onDone: () => void }) {
  const client = useQueryClient();
  const directory = useUserDirectory();
  const [name, setName] = useState(group?.name ?? '');
  const [members, setMembers] = useState<string[]>(group?.member_ids ?? []);
  const save = useMutation({
    mutationFn: () =>
      group
        ? unwrap(
            api.PATCH('/api/v1/groups/{id}', {
              params: { path: { id: group.id } },
              body: { name: name.trim(), member_ids: members },
            }),
          )
        : unwrap(api.POST('/api/v1/groups', { body: { name: name.trim(), member_ids: members } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['groups'] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <MultiSelect
          label="Members"
          placeholder={members.length ? undefined : 'Pick accounts'}
          data={directory.options}
          value={members}
          onChange={setMembers}
          searchable
          clearable
          nothingFoundMessage="No such account"
        />
        <ErrorAlert error={directory.query.error} title="Could not load the accounts" />
        <ErrorAlert error={save.error} title="Could not save the group" />
        <Row justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {group ? 'Save group' : 'Create group'}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}

/** Groups of accounts, to share a collection with many people at once. */
export function GroupsPanel() {
  const client = useQueryClient();
  const directory = useUserDirectory();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups')) });
  // null: closed; 'new': creating; a group: editing it.
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/groups/{id}', { params: { path: { id } } })),
    onSuccess: () => setDeleting(null),
    onSettled: () => client.invalidateQueries({ queryKey: ['groups'] }),
  });

  return (
    <Stack gap="sm">
      <Row justify="space-between">
        <Text size="sm" c="dimmed">
          Share a collection with a group and every member gets its role there.
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          Create group
        </Button>
      </Row>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Create a group' : 'Edit the group'}
      >
        {editing !== null && (
          <GroupForm group={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete the group?">
        <Stack gap="sm">
          <Text size="sm">
            The group <b>{deleting?.name}</b> and every collection share it has go; its members keep their
            accounts.
          </Text>
          <ErrorAlert error={remove.error} title="Could not delete the group" />
          <Row justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting.id)}
            >
              Delete group
            </Button>
          </Row>
        </Stack>
      </Modal>
      {groups.isPending ? (
        <Center py="xl">
          <Busy label="Loading groups" />
        </Center>
      ) : groups.isError ? (
        <ErrorAlert error={groups.error} title="Could not load the groups" />
      ) : groups.data.items.length === 0 ? (
        <Text c="dimmed" py="md" data-testid="groups-empty">
          No groups yet.
        </Text>
      ) : (
        groups.data.items.map((group) => (
          <Paper key={group.id} withBorder p="sm" data-testid="group-row">
            <Row justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={6}>
                <Text fw={600}>{group.name}</Text>
                <Row gap={4}>
                  {group.member_ids.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No members
                    </Text>
                  ) : (
                    group.member_ids.map((id) => (
                      <Badge key={id} variant="light" tt="none">
                        {directory.nameOf(id)}
                      </Badge>
                    ))
                  )}
                </Row>
              </Stack>
              <Row gap={4} wrap="nowrap">
                <Tooltip label="Rename or change members">
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Edit group ${group.name}`}
                    onClick={() => setEditing(group)}
                  >
                    <IconEdit size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Delete group">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Delete group ${group.name}`}
                    onClick={() => {
                      remove.reset();
                      setDeleting(group);
                    }}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Row>
            </Row>
          </Paper>
        ))
      )}
    </Stack>
  );
}
