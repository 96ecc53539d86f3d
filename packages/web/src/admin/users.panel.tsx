import { Badge, Button, Center, Group, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useSession, type User } from '../auth/session.hooks';
import { ErrorAlert } from '../ui/error-alert';
import { UserCreateModal } from './user-create.modal';
import { UserPasswordModal } from './user-password.modal';

type Role = User['role'];
const ROLES: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'Viewer' },
  { value: 'editor', label: 'Editor' },
  { value: 'admin', label: 'Admin' },
];
const PAGE_SIZE = 100;

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

/** Accounts: create, change the role, disable and enable. The server keeps at least one active admin. */
export function UsersPanel() {
  const session = useSession();
  const client = useQueryClient();
  const [creating, { open, close }] = useDisclosure(false);
  const [passwordFor, setPasswordFor] = useState<User | null>(null);
  const users = useInfiniteQuery({
    queryKey: ['users', 'list'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: { role?: Role; is_active?: boolean } }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: patch })),
    onSettled: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Roles say what an account may do everywhere; collection shares give viewers and editors more.
        </Text>
        <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={open}>
          Create account
        </Button>
      </Group>
      <UserCreateModal
        opened={creating}
        onClose={close}
        ssoAvailable={session.status?.oidc_enabled ?? false}
      />
      <UserPasswordModal user={passwordFor} onClose={() => setPasswordFor(null)} />
      <ErrorAlert error={update.error} title="Could not change the account" />
      {users.isPending ? (
        <Center py="xl">
          <Busy label="Loading accounts" />
        </Center>
      ) : users.isError ? (
        <ErrorAlert error={users.error} title="Could not load the accounts" />
      ) : rows.length === 0 ? (
        <Text c="dimmed">No accounts.</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Active</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th>Password</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((user) => {
                const self = user.id === session.userId;
                const busy = update.isPending && update.variables?.id === user.id;
                return (
                  <Table.Tr key={user.id} data-testid="user-row" data-email={user.email}>
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm" fw={500}>
                          {user.display_name || '—'}
                        </Text>
                        {self && (
                          <Badge miw="max-content" size="xs" variant="outline">
                            you
                          </Badge>
                        )}
                        {user.sso && (
                          <Badge miw="max-content" size="xs" variant="light">
                            SSO
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{user.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        w={130}
                        aria-label={`Role of ${user.email}`}
                        data={ROLES}
                        value={user.role}
                        allowDeselect={false}
                        // Demoting oneself by a slip would end one's own admin session at once.
                        disabled={self || busy}
                        onChange={(role) =>
                          role &&
                          role !== user.role &&
                          update.mutate({ id: user.id, patch: { role: role as Role } })
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`${user.email} may sign in`}
                        checked={user.is_active}
                        disabled={self || busy}
                        onChange={(e) =>
                          update.mutate({ id: user.id, patch: { is_active: e.currentTarget.checked } })
                        }
                        label={user.is_active ? 'Active' : 'Disabled'}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{when(user.last_login_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {!self && (
                        <Button
                          size="compact-xs"
                          variant="default"
                          aria-label={`Set password of ${user.email}`}
                          onClick={() => setPasswordFor(user)}
                        >
                          Set password
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.hasNextPage && (
        <Button
          variant="default"
          w="fit-content"
          onClick={() => void users.fetchNextPage()}
          loading={users.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}
