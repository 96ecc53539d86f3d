import { Button, Group, MultiSelect, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { memo } from 'react';
import { useCollectionChoices, useFolderChoices } from './search.queries';
import { activeFilterCount, type SearchState } from './search-params';

/** Categories and the common types; the API takes either (a category matches all of its types). */
const TYPE_CHOICES = [
  {
    group: 'Kinds',
    items: [
      { value: 'document', label: 'Documents' },
      { value: 'image', label: 'Images' },
      { value: 'audio', label: 'Audio' },
      { value: 'archive', label: 'Archives' },
    ],
  },
  {
    group: 'Formats',
    items: [
      { value: 'application/pdf', label: 'PDF' },
      {
        value: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        label: 'Word (.docx)',
      },
      { value: 'text/markdown', label: 'Markdown' },
      { value: 'text/plain', label: 'Plain text' },
      { value: 'text/html', label: 'HTML' },
      { value: 'message/rfc822', label: 'E-mail' },
    ],
  },
];

const LANGUAGE_SUGGESTIONS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'ru', 'zh', 'ja'];

export type FacetPatch = Partial<
  Pick<SearchState, 'collections' | 'folders' | 'types' | 'tags' | 'languages' | 'from' | 'to'>
>;

/**
 * The facets of a search. Every change applies at once (and goes into the URL). Memoised: results arriving
 * do not re-render the seven inputs.
 */
export const SearchFilters = memo(function SearchFilters({
  state,
  onChange,
}: {
  state: SearchState;
  onChange: (patch: FacetPatch) => void;
}) {
  const collections = useCollectionChoices();
  const folders = useFolderChoices();
  const active = activeFilterCount(state);

  return (
    <Stack gap="sm" component="section" aria-labelledby="search-filters-title">
      <Group justify="space-between">
        <Text id="search-filters-title" fw={600} size="sm">
          Filters
        </Text>
        {active > 0 && (
          <Button
            variant="subtle"
            size="compact-xs"
            leftSection={<IconFilterOff size={14} aria-hidden />}
            onClick={() =>
              onChange({ collections: [], folders: [], types: [], tags: [], languages: [], from: '', to: '' })
            }
          >
            Clear ({active})
          </Button>
        )}
      </Group>
      <MultiSelect
        label="Collections"
        placeholder={state.collections.length ? undefined : 'Any collection'}
        data={collections.data ?? []}
        value={state.collections}
        onChange={(value) => onChange({ collections: value })}
        searchable
        clearable
        nothingFoundMessage={collections.isPending ? 'Loading…' : 'No collections'}
        error={collections.isError ? 'Could not load the collections' : undefined}
      />
      <MultiSelect
        label="Folders"
        description="Subfolders included"
        placeholder={state.folders.length ? undefined : 'Any folder'}
        data={folders.data ?? []}
        value={state.folders}
        onChange={(value) => onChange({ folders: value })}
        searchable
        clearable
        nothingFoundMessage={folders.isPending ? 'Loading…' : 'No folders'}
        error={folders.isError ? 'Could not load the folders' : undefined}
      />
      <MultiSelect
        label="Type"
        placeholder={state.types.length ? undefined : 'Any type'}
        data={TYPE_CHOICES}
        value={state.types}
        onChange={(value) => onChange({ types: value })}
        clearable
      />
      <TagsInput
        label="Tags"
        description="Any of them"
        placeholder={state.tags.length ? undefined : 'Type a tag, press Enter'}
        value={state.tags}
        onChange={(value) => onChange({ tags: value })}
        clearable
      />
      <TagsInput
        label="Languages"
        description="ISO codes: en, de, fr…"
        placeholder={state.languages.length ? undefined : 'Any language'}
        data={LANGUAGE_SUGGESTIONS}
        value={state.languages}
        // The API takes ISO 639 codes only; anything else would refuse the whole search.
        onChange={(value) =>
          onChange({
            languages: [...new Set(value.map((v) => v.trim().toLowerCase()))].filter((v) =>
              /^[a-z]{2,3}$/.test(v),
            ),
          })
        }
        clearable
      />
      <Stack gap="xs">
        <TextInput
          type="date"
          label="Uploaded from"
          value={state.from}
          max={state.to || undefined}
          onChange={(e) => onChange({ from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label="Uploaded to"
          value={state.to}
          min={state.from || undefined}
          onChange={(e) => onChange({ to: e.currentTarget.value })}
        />
      </Stack>
    </Stack>
  );
});
