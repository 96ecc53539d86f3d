import { Badge, Group, Progress, Text } from '@mantine/core';
import type { DocumentRow } from '../api/types';

const COLORS: Record<DocumentRow['status'], string> = {
  uploaded: 'gray',
  queued: 'gray',
  processing: 'blue',
  processed: 'green',
  failed: 'red',
};

/** A document's status as a coloured word (the colour is never the only signal). */
export function StatusBadge({ doc }: { doc: Pick<DocumentRow, 'status'> }) {
  return (
    // The dot variant keeps the word in the body colour: readable in both themes, the colour an extra cue.
    <Badge color={COLORS[doc.status]} variant="dot" data-testid="document-status">
      {doc.status}
    </Badge>
  );
}

/** Status with the stage and a progress bar while processing; both update from live events. */
export function StatusLine({ doc }: { doc: DocumentRow }) {
  const working = doc.status === 'processing' || doc.status === 'queued';
  const percent = Math.round(doc.progress * 100);
  return (
    <Group gap="sm" wrap="nowrap" data-testid="status-line">
      <StatusBadge doc={doc} />
      {working && (
        <>
          <Text size="sm" c="dimmed" data-testid="document-stage">
            {doc.status === 'queued' ? 'waiting for a worker' : (doc.stage ?? 'starting')}
          </Text>
          <Progress
            value={percent}
            w={160}
            animated
            aria-label={`Processing ${percent}%`}
            data-testid="document-progress"
          />
          <Text size="sm" c="dimmed">
            {percent}%
          </Text>
        </>
      )}
    </Group>
  );
}
