import { Alert, Anchor, Code, List, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DocumentRow } from '../api/types';
import { useCollectionName, useFolderName } from './document.hooks';
import { DocumentTags } from './document-tags.panel';
import { formatBytes, formatDate, formatDuration } from './format';
import { StatusLine } from './status-badge';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** A collection or folder by name; its id when the name cannot be read (another user's folder). */
function PlacementName({ query, id }: { query: { data?: string; isPending: boolean }; id: string | null }) {
  if (id === null) return <>—</>;
  if (query.data) return <>{query.data}</>;
  return query.isPending ? <>…</> : <Code>{id}</Code>;
}

/**
 * What is known about a document: file facts, where it lives, processing state (live), its problems and
 * its tags.
 */
export function DocumentDetails({ doc, canWrite }: { doc: DocumentRow; canWrite: boolean }) {
  const collection = useCollectionName(doc.collection_id);
  const folder = useFolderName(doc.folder_id);
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <StatusLine doc={doc} />
        {doc.error && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Processing failed" role="alert">
            <Text size="sm">{doc.error.message}</Text>
            <Code data-testid="document-error-code">{doc.error.code}</Code>
          </Alert>
        )}
        {doc.warnings.length > 0 && (
          <Alert color="yellow" icon={<IconInfoCircle size={18} />} title="Processing noticed">
            <List size="sm" spacing={2}>
              {doc.warnings.map((w, i) => (
                <List.Item key={i}>
                  <Code>{w.code}</Code> {w.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" verticalSpacing="sm">
          <Field label="File name">{doc.original_filename}</Field>
          <Field label="Type">
            {doc.content_type} ({doc.category})
          </Field>
          <Field label="Size">{formatBytes(doc.size)}</Field>
          <Field label="Language">{doc.language ?? '—'}</Field>
          <Field label="Collection">
            <PlacementName query={collection} id={doc.collection_id} />
          </Field>
          <Field label="Folder">
            <PlacementName query={folder} id={doc.folder_id} />
          </Field>
          <Field label="Uploaded">{formatDate(doc.uploaded_at)}</Field>
          <Field label="Processed">{doc.processed_at ? formatDate(doc.processed_at) : '—'}</Field>
          <Field label="Processing time">
            {doc.processing_ms !== null ? formatDuration(doc.processing_ms) : '—'}
          </Field>
          <Field label="Chunks">{doc.chunk_count.toLocaleString()}</Field>
          {doc.source_path && <Field label="Source path">{doc.source_path}</Field>}
          {doc.parent_document_id && (
            <Field label="Inside">
              <Anchor
                component={Link}
                to={`/documents/${encodeURIComponent(doc.parent_document_id)}`}
                size="sm"
              >
                the containing file
              </Anchor>
            </Field>
          )}
        </SimpleGrid>
        <DocumentTags doc={doc} canWrite={canWrite} />
      </Stack>
    </Paper>
  );
}
