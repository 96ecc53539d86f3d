import { Badge, Code, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import type { DocumentRow } from '../api/types';
import classes from './library.module.css';

/** The pipeline's stages in order, as the live events name them, with the words a person reads. */
const STAGE_LABELS: Record<string, string> = {
  extract: 'Extracting',
  chunk: 'Chunking',
  embed: 'Embedding',
  index: 'Indexing',
};

const STATUS: Record<DocumentRow['status'], { label: string; color: string }> = {
  uploaded: { label: 'Uploaded', color: 'gray' },
  queued: { label: 'Queued', color: 'gray' },
  processing: { label: 'Processing', color: 'blue' },
  processed: { label: 'Processed', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

export function stageLabel(stage: string | null): string {
  return (stage && STAGE_LABELS[stage]) ?? 'Processing';
}

type StatusFields = Pick<DocumentRow, 'status' | 'stage' | 'progress' | 'error' | 'warnings'>;

/**
 * A document's processing state: a badge when settled, the stage and a bar while processing, the error's
 * code (its message on hover and for screen readers) when it failed.
 */
export function DocumentStatus({ doc, name }: { doc: StatusFields; name: string }) {
  if (doc.status === 'processing') {
    const percent = Math.round(doc.progress * 100);
    return (
      <Stack gap={4} data-testid="document-status" data-status="processing">
        <Text size="xs">
          {stageLabel(doc.stage)} · {percent}%
        </Text>
        <Progress
          value={percent}
          size="sm"
          animated
          aria-label={`Processing ${name}: ${stageLabel(doc.stage)}`}
        />
      </Stack>
    );
  }
  const { label, color } = STATUS[doc.status];
  return (
    <Group gap={4} data-testid="document-status" data-status={doc.status}>
      <Badge color={color} variant="light" size="sm">
        {label}
      </Badge>
      {doc.status === 'failed' && doc.error && (
        <Tooltip label={doc.error.message} multiline maw={360} withinPortal>
          <Code
            data-testid="row-error-code"
            tabIndex={0}
            aria-label={`${doc.error.code}: ${doc.error.message}`}
            className={classes.cellText}
            maw="100%"
          >
            {doc.error.code}
          </Code>
        </Tooltip>
      )}
      {doc.status === 'processed' && doc.warnings.length > 0 && (
        <Tooltip label={doc.warnings.map((w) => w.message || w.code).join('\n')} multiline maw={360}>
          <Badge color="yellow" variant="outline" size="sm" tabIndex={0}>
            {doc.warnings.length === 1 ? '1 warning' : `${doc.warnings.length} warnings`}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
