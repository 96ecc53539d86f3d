import {
  Badge,
  Button,
  Center,
  Code,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconFilter } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { AuditRecord } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useUserDirectory } from './users.hooks';

interface Filters {
  actor: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { actor: null, action: '', entity_type: '', entity_id: '', from: '', to: '' };
const PAGE_SIZE = 50;

/** The query of `GET /audit` for the filters: empty fields left out, local datetimes as ISO instants. */
function toQuery(f: Filters) {
  const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
  const q = {
    actor: f.actor ?? undefined,
    action: f.action.trim() || undefined,
    entity_type: f.entity_type.trim() || undefined,
    entity_id: f.entity_id.trim() || undefined,
    from: iso(f.from),
    to: iso(f.to),
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof typeof q, string>
  >;
}

function Details({ record, onClose }: { record: AuditRecord | null; onClose: () => void }) {
  return (
    <Modal opened={record !== null} onClose={onClose} title="Audit record" size="lg">
      {record && (
        <Stack gap="xs">
          <Text size="sm">
            <b>{record.action}</b> on {record.entity_type} {record.entity_id ?? ''} —{' '}
            {new Date(record.at).toLocaleString()}
          </Text>
          <Text size="xs" c="dimmed">
            IP {record.ip ?? '—'} · request {record.request_id ?? '—'} · API key{' '}
            {record.actor_key_id ?? 'none'}
          </Text>
          {record.user_agent && (
            <Text size="xs" c="dimmed">
              {record.user_agent}
            </Text>
          )}
          <Text size="sm" fw={600}>
            Before
          </Text>
          <Code block>{record.before ? JSON.stringify(record.before, null, 2) : '—'}</Code>
          <Text size="sm" fw={600}>
            After
          </Text>
          <Code block>{record.after ? JSON.stringify(record.after, null, 2) : '—'}</Code>
        </Stack>
      )}
    </Modal>
  );
}

/** Every change and sign-in, newest first: filter by who, what and when; "load more" pages back in time. */
export function AuditPanel() {
  const directory = useUserDirectory();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [open, setOpen] = useState<AuditRecord | null>(null);
  const query = toQuery(filters);
  const audit = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const text = (name: 'action' | 'entity_type' | 'entity_id' | 'from' | 'to') => ({
    value: draft[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setDraft({ ...draft, [name]: e.currentTarget.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  return (
    <Stack gap="sm">
      <form onSubmit={submit} aria-label="Audit filters">
        <SimpleGrid cols={{ base: 1, sm: 3, lg: 6 }} spacing="xs">
          <Select
            label="Actor"
            placeholder="Anyone"
            data={directory.options}
            value={draft.actor}
            onChange={(actor) => setDraft({ ...draft, actor })}
            searchable
            clearable
          />
          <TextInput label="Action" placeholder="e.g. user.create" {...text('action')} />
          <TextInput label="Entity type" placeholder="e.g. collection" {...text('entity_type')} />
          <TextInput label="Entity id" {...text('entity_id')} />
          <TextInput label="From" type="datetime-local" {...text('from')} />
          <TextInput label="To" type="datetime-local" {...text('to')} />
        </SimpleGrid>
        <Group gap="xs" mt="xs">
          <Button type="submit" leftSection={<IconFilter size={16} aria-hidden />}>
            Apply filters
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
      <Details record={open} onClose={() => setOpen(null)} />
      {audit.isPending ? (
        <Center py="xl">
          <Busy label="Loading the audit log" />
        </Center>
      ) : audit.isError ? (
        <ErrorAlert error={audit.error} title="Could not load the audit log" />
      ) : rows.length === 0 ? (
        <Text c="dimmed" py="md" data-testid="audit-empty">
          No audit records match.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing={6} data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Entity</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>IP</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="audit-row">
                  <Table.Td>
                    <Text size="xs">{new Date(r.at).toLocaleString()}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {r.actor_user_id ? directory.nameOf(r.actor_user_id) : 'anonymous'}
                      {r.actor_key_id ? ' (API key)' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {r.action}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {r.entity_type}
                      {r.entity_id && (
                        <Text span size="xs" c="dimmed" ff="monospace">
                          {' '}
                          {r.entity_id}
                        </Text>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      miw="max-content"
                      size="sm"
                      variant="light"
                      color={r.outcome === 'success' ? 'green' : 'red'}
                    >
                      {r.outcome}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.ip ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setOpen(r)}
                      aria-label={`View ${r.action} at ${new Date(r.at).toLocaleString()}`}
                    >
                      View
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {audit.hasNextPage && (
        <Button
          variant="default"
          w="fit-content"
          onClick={() => void audit.fetchNextPage()}
          loading={audit.isFetchingNextPage}
          data-testid="audit-load-more"
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}
