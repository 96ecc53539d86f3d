import { Badge, Button, Group, Stack, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import type { DocumentRow } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useUpdateTags } from './document.hooks';

/** The server's limits (documents.schema.ts): refused there too, with TAGS_TOO_MANY and TAG_TOO_LONG. */
const MAX_TAGS = 100;
const MAX_TAG_LENGTH = 100;

/** Tags are stored trimmed and lowercased; the editor shows them as they will be saved. */
const normalise = (tags: string[]) => [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];

/** The tags of a document; writers edit them in place (add with Enter or a comma, remove with ×). */
export function DocumentTags({ doc, canWrite }: { doc: DocumentRow; canWrite: boolean }) {
  const [draft, setDraft] = useState<string[] | null>(null);
  const update = useUpdateTags(doc.id);
  const tooLong = draft?.find((t) => [...t].length > MAX_TAG_LENGTH);

  const save = () => {
    if (!draft || tooLong) return;
    update.mutate(draft, {
      onSuccess: () => {
        setDraft(null);
        notifications.show({ message: 'Tags saved', color: 'green' });
      },
    });
  };

  if (draft === null) {
    return (
      <Stack gap={4}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          Tags
        </Text>
        <Group gap="xs" data-testid="document-tags">
          {doc.tags.length === 0 && (
            <Text size="sm" c="dimmed">
              No tags
            </Text>
          )}
          {doc.tags.map((tag) => (
            <Badge key={tag} variant="outline" tt="none" data-testid="document-tag">
              {tag}
            </Badge>
          ))}
          {canWrite && (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconPencil size={14} />}
              onClick={() => {
                update.reset();
                setDraft(doc.tags);
              }}
            >
              Edit tags
            </Button>
          )}
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="xs">
      <TagsInput
        label="Tags"
        description={`Enter or comma adds a tag; at most ${MAX_TAGS} tags of ${MAX_TAG_LENGTH} characters.`}
        placeholder="Add a tag"
        value={draft}
        onChange={(tags) => setDraft(normalise(tags))}
        maxTags={MAX_TAGS}
        splitChars={[',']}
        acceptValueOnBlur
        clearable
        error={tooLong ? `"${tooLong.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters` : undefined}
        autoFocus
      />
      <ErrorAlert error={update.error} title="The tags were not saved" />
      <Group gap="xs">
        <Button size="xs" onClick={save} loading={update.isPending} disabled={Boolean(tooLong)}>
          Save tags
        </Button>
        <Button size="xs" variant="default" onClick={() => setDraft(null)} disabled={update.isPending}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
