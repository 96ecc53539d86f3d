import { Badge, Fieldset, Group, MultiSelect, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { SearchFilters } from '../api/types';
import { useCollectionChoices, useFolderChoices } from '../search/search.queries';

/** The processed documents a chat can be limited to (the newest 500: the select filters them as one types). */
function useDocumentChoices(enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['documents', { status: 'processed', limit: 500, for: 'scope' }],
    queryFn: () =>
      unwrap(api.GET('/api/v1/documents', { params: { query: { status: 'processed', limit: 500 } } })),
    select: (data) => data.items.map((d) => ({ value: d.id, label: d.title || d.filename })),
  });
}

export type ChatScope = Pick<SearchFilters, 'collections' | 'folders' | 'documents'>;

const orNothing = (values: string[]) => (values.length ? values : undefined);

/** Where a new chat looks for answers: collections, folders, single documents; nothing chosen means everything. */
export function ChatScopePicker({
  value,
  onChange,
}: {
  value: ChatScope;
  onChange: (scope: ChatScope) => void;
}) {
  const collections = useCollectionChoices();
  const folders = useFolderChoices();
  const documents = useDocumentChoices();
  const patch = (key: keyof ChatScope, values: string[]) => onChange({ ...value, [key]: orNothing(values) });

  return (
    <Fieldset legend="Answer from (nothing chosen: all your documents)" variant="unstyled">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <MultiSelect
          label="Collections"
          placeholder={value.collections?.length ? undefined : 'All'}
          data={collections.data ?? []}
          value={value.collections ?? []}
          onChange={(v) => patch('collections', v)}
          searchable
          clearable
          nothingFoundMessage={collections.isPending ? 'Loading…' : 'No collections'}
        />
        <MultiSelect
          label="Folders"
          placeholder={value.folders?.length ? undefined : 'All'}
          data={folders.data ?? []}
          value={value.folders ?? []}
          onChange={(v) => patch('folders', v)}
          searchable
          clearable
          nothingFoundMessage={folders.isPending ? 'Loading…' : 'No folders'}
        />
        <MultiSelect
          label="Documents"
          placeholder={value.documents?.length ? undefined : 'All'}
          data={documents.data ?? []}
          value={value.documents ?? []}
          onChange={(v) => patch('documents', v)}
          searchable
          clearable
          limit={50}
          nothingFoundMessage={documents.isPending ? 'Loading…' : 'No documents'}
        />
      </SimpleGrid>
    </Fieldset>
  );
}

/** A session's scope, read-only: what its answers are limited to. */
export function ChatScopeSummary({ scope }: { scope: SearchFilters }) {
  const collections = useCollectionChoices();
  const folders = useFolderChoices();
  const documents = useDocumentChoices(Boolean(scope.documents?.length));
  const name = (choices: { value: string; label: string }[] | undefined, id: string) =>
    choices?.find((c) => c.value === id)?.label ?? id;
  const badges = [
    ...(scope.collections ?? []).map((id) => `Collection: ${name(collections.data, id)}`),
    ...(scope.folders ?? []).map((id) => `Folder: ${name(folders.data, id)}`),
    ...(scope.documents ?? []).map((id) => `Document: ${name(documents.data, id)}`),
  ];
  return (
    <Group gap={6} data-testid="chat-scope">
      <Text size="xs" c="dimmed">
        Answers from
      </Text>
      {badges.length === 0 ? (
        <Badge variant="light" color="gray" size="sm">
          All your documents
        </Badge>
      ) : (
        badges.map((label) => (
          <Badge key={label} variant="light" size="sm" tt="none" maw={260}>
            {label}
          </Badge>
        ))
      )}
    </Group>
  );
}
