import { ActionIcon, Anchor, Badge, Button, Code, Group, Progress, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import type { DocumentRow } from '../api/types';
import { formatBytes } from '../documents/format';
import { ErrorAlert } from '../ui/error-alert';
import { stageLabel } from './document-status';
import { useReprocess } from './library.queries';
import { uploadQueue, type UploadEntry } from './upload-queue';

/** The state a row shows, one word, also in `data-state` for the browser tests. */
type RowState =
  UploadEntry['phase'] | 'duplicate' | 'queued' | 'processing' | 'processed' | 'processing-failed';

/**
 * One file of an upload, moving live: bytes sent, then the document's stage and progress from the live
 * events (its `['document', id]` query, patched in place by the cache sync), then processed, a duplicate,
 * or an error with its code and a Retry.
 */
export const UploadRow = memo(function UploadRow({ entry }: { entry: UploadEntry }) {
  const client = useQueryClient();
  const reprocess = useReprocess();
  const doc = useQuery({
    queryKey: ['document', entry.documentId],
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id: entry.documentId! } } })),
    enabled: entry.documentId !== undefined,
  }).data as DocumentRow | undefined;

  const state = rowState(entry, doc);
  let detail: ReactNode;
  let action: ReactNode = null;
  switch (state) {
    case 'preparing':
      detail = <Text size="xs">Making its folders…</Text>;
      break;
    case 'waiting':
      detail = <Text size="xs">Waiting to upload</Text>;
      break;
    case 'uploading': {
      const percent = entry.total > 0 ? Math.round((entry.loaded / entry.total) * 100) : 0;
      detail = <Bar label={`Uploading · ${percent}%`} value={percent} name={entry.path} color="cyan" />;
      action = (
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Cancel uploading ${entry.path}`}
          onClick={() => uploadQueue.cancel(entry.key)}
        >
          <IconX size={16} />
        </ActionIcon>
      );
      break;
    }
    case 'refused':
    case 'failed':
      detail = <Failure label={state === 'refused' ? 'Refused' : 'Not uploaded'} error={entry.error} />;
      if (state === 'failed') {
        action = (
          <Button size="compact-xs" variant="light" onClick={() => uploadQueue.retry(entry.key, client)}>
            Retry
          </Button>
        );
      }
      break;
    case 'processing':
      detail = (
        <Bar
          label={`${stageLabel(doc!.stage)} · ${Math.round(doc!.progress * 100)}%`}
          value={doc!.progress * 100}
          name={entry.path}
        />
      );
      break;
    case 'processing-failed':
      detail = <Failure label="Processing failed" error={doc!.error ?? undefined} />;
      action = (
        <Button
          size="compact-xs"
          variant="light"
          loading={reprocess.isPending}
          onClick={() => reprocess.mutate(doc!.id)}
        >
          Retry
        </Button>
      );
      break;
    case 'duplicate':
      detail = (
        <Group gap={6}>
          <Badge color="grape" variant="light" size="sm">
            Duplicate
          </Badge>
          <Text size="xs">Already in the library; nothing was processed again.</Text>
        </Group>
      );
      break;
    case 'processed':
      detail = (
        <Badge color="green" variant="light" size="sm">
          Processed
        </Badge>
      );
      break;
    default:
      detail = (
        <Badge color="gray" variant="light" size="sm">
          Queued
        </Badge>
      );
  }

  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      py={6}
      data-testid="upload-row"
      data-state={state}
      data-file={entry.file.name}
    >
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          {entry.documentId ? (
            <Anchor component={Link} to={`/documents/${entry.documentId}`} size="sm" truncate>
              {entry.path}
            </Anchor>
          ) : (
            <Text size="sm" truncate>
              {entry.path}
            </Text>
          )}
          <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
            {formatBytes(entry.file.size)}
          </Text>
        </Group>
        {detail}
        {reprocess.error && <ErrorAlert error={reprocess.error} />}
      </Stack>
      {action}
    </Group>
  );
});

function rowState(entry: UploadEntry, doc: DocumentRow | undefined): RowState {
  if (entry.phase !== 'stored') return entry.phase;
  if (!doc) return 'queued';
  // A duplicate was processed before; what is shown is that it was not sent through the pipeline again.
  if (entry.duplicate && doc.status === 'processed') return 'duplicate';
  if (doc.status === 'failed') return 'processing-failed';
  if (doc.status === 'processing') return 'processing';
  if (doc.status === 'processed') return 'processed';
  return 'queued';
}

function Bar({ label, value, name, color }: { label: string; value: number; name: string; color?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs">{label}</Text>
      <Progress value={value} size="sm" color={color} aria-label={`${label}: ${name}`} />
    </Stack>
  );
}

function Failure({ label, error }: { label: string; error?: { code: string; message: string } }) {
  return (
    <Group gap={6} wrap="nowrap" role="status">
      <Badge color="red" variant="light" size="sm" style={{ flex: 'none' }}>
        {label}
      </Badge>
      {error && (
        <>
          <Code data-testid="upload-error-code">{error.code}</Code>
          <Text size="xs" truncate title={error.message}>
            {error.message}
          </Text>
        </>
      )}
    </Group>
  );
}
