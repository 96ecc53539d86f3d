import { Button, Group, MultiSelect, Switch, TagsInput, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilterOff, IconTag } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import {
  CATEGORIES,
  COMMON_LANGUAGES,
  STATUSES,
  isFiltered,
  languageCodes,
  type LibraryFilters,
  type LibraryParams,
} from './library-params';

const capitalise = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const STATUS_OPTIONS = STATUSES.map((s) => ({ value: s, label: capitalise(s) }));
const TYPE_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: capitalise(c) }));
const languageNames = new Intl.DisplayNames(undefined, { type: 'language' });
/** "de · German" in the reader's language; a code the browser does not know stays as it is. */
const languageLabel = (code: string) => {
  const name = languageNames.of(code);
  return name && name !== code ? `${code} · ${name}` : code;
};

/** The table's filters; each change is a new URL (the server filters, the table shows its first page). */
export function LibraryFiltersBar({ filters, update }: Pick<LibraryParams, 'filters' | 'update'>) {
  return (
    <Group gap="sm" align="flex-end" mb="sm" wrap="wrap">
      <MultiSelect
        label="Status"
        placeholder={filters.status.length ? undefined : 'Any'}
        data={STATUS_OPTIONS}
        value={filters.status}
        onChange={(status) => update({ status: status as LibraryFilters['status'] })}
        clearable
        w={200}
        size="xs"
      />
      <MultiSelect
        label="Type"
        placeholder={filters.type.length ? undefined : 'Any'}
        data={TYPE_OPTIONS}
        value={filters.type}
        onChange={(type) => update({ type })}
        clearable
        w={190}
        size="xs"
      />
      <TagFilter value={filters.tag} onChange={(tag) => update({ tag })} />
      <TagsInput
        label="Language"
        placeholder={filters.languages.length ? undefined : 'Any'}
        data={[...COMMON_LANGUAGES]}
        renderOption={({ option }) => languageLabel(option.value)}
        value={filters.languages}
        // Codes only (en, de, pt…): a typed name or a longer tag is dropped rather than sent to be refused.
        onChange={(languages) => update({ languages: languageCodes(languages) })}
        clearable
        w={170}
        size="xs"
      />
      <TextInput
        type="date"
        label="Uploaded from"
        value={filters.from}
        onChange={(e) => update({ from: e.currentTarget.value })}
        size="xs"
        w={140}
      />
      <TextInput
        type="date"
        label="Uploaded to"
        value={filters.to}
        onChange={(e) => update({ to: e.currentTarget.value })}
        size="xs"
        w={140}
      />
      <Switch
        label="Archive members"
        checked={filters.members}
        onChange={(e) => update({ members: e.currentTarget.checked })}
        size="xs"
        mb={6}
      />
      {isFiltered(filters) && (
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconFilterOff size={14} />}
          onClick={() =>
            update({
              collection: null,
              folder: null,
              status: [],
              type: [],
              tag: '',
              languages: [],
              from: '',
              to: '',
            })
          }
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}

/** Typed, so the URL (and the request) follows after a pause instead of on every key. */
function TagFilter({ value, onChange }: { value: string; onChange: (tag: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = useDebouncedCallback(onChange, 400);
  return (
    <TextInput
      label="Tag"
      placeholder="Any"
      leftSection={<IconTag size={14} aria-hidden />}
      value={draft}
      onChange={(e) => {
        setDraft(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
      size="xs"
      w={150}
    />
  );
}
