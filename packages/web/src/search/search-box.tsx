import { Button, Group, SegmentedControl, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { memo, useState, type KeyboardEvent } from 'react';
import type { SearchMode } from './search-params';

const MODE_CHOICES = [
  { value: 'hybrid', label: 'Hybrid' },
  { value: 'lexical', label: 'Lexical' },
  { value: 'semantic', label: 'Semantic' },
];

/**
 * The query and its mode. The text is a draft until submitted (Enter or the button); the mode applies at once.
 */
export const SearchBox = memo(function SearchBox({
  query,
  mode,
  onSearch,
  onModeChange,
  onArrowDown,
}: {
  query: string;
  mode: SearchMode;
  onSearch: (query: string) => void;
  onModeChange: (mode: SearchMode) => void;
  /** Down from the box moves into the results. */
  onArrowDown: () => void;
}) {
  const [draft, setDraft] = useState(query);
  // Going back in history brings another search's words: the box shows them (and keeps its focus).
  const [shown, setShown] = useState(query);
  if (query !== shown) {
    setShown(query);
    setDraft(query);
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      onArrowDown();
    }
  };

  return (
    <form
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim()) onSearch(draft.trim());
      }}
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          type="search"
          aria-label="Search your documents"
          placeholder="Search your documents…"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          maxLength={4000}
          style={{ flex: '1 1 320px' }}
          autoFocus={query === ''}
        />
        <SegmentedControl
          aria-label="Search mode"
          data={MODE_CHOICES}
          value={mode}
          onChange={(value) => onModeChange(value as SearchMode)}
        />
        <Button type="submit" disabled={!draft.trim()}>
          Search
        </Button>
      </Group>
    </form>
  );
});
