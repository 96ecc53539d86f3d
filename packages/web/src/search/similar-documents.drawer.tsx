import { Alert, Anchor, Badge, Drawer, Group, Stack, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { Link } from 'react-router';
import { ErrorAlert } from '../ui/error-alert';
import { documentName } from './search-hit';
import { useSimilarDocuments } from './search.queries';

/** "More like this": the documents nearest to one document, asked when the drawer opens. */
export function SimilarDocumentsDrawer({
  source,
  onClose,
}: {
  source: { documentId: string; name: string } | null;
  onClose: () => void;
}) {
  const similar = useSimilarDocuments(source?.documentId ?? null);
  const items = similar.data?.items ?? [];

  return (
    <Drawer
      opened={source !== null}
      onClose={onClose}
      position="right"
      title={source ? `More like “${source.name}”` : 'More like this'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {similar.isPending && (
        <Group gap="xs">
          <Busy size="sm" />
          <Text size="sm">Finding similar documents…</Text>
        </Group>
      )}
      <ErrorAlert error={similar.error} />
      {similar.data?.warnings.map((warning) => (
        <Alert key={warning} color="yellow" mb="sm">
          {warning}
        </Alert>
      ))}
      {similar.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No similar documents you can read.
        </Text>
      )}
      <Stack
        gap="xs"
        component="ol"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        data-testid="similar-documents"
      >
        {items.map((doc) => (
          <li key={doc.document_id}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/documents/${doc.document_id}`} size="sm" lineClamp={1}>
                {documentName(doc)}
              </Anchor>
              <Badge variant="light" color="gray" size="sm" ff="monospace">
                {doc.score.toFixed(3)}
              </Badge>
            </Group>
            {doc.title && doc.title !== doc.filename && (
              <Text size="xs" c="dimmed">
                {doc.filename}
              </Text>
            )}
          </li>
        ))}
      </Stack>
    </Drawer>
  );
}
