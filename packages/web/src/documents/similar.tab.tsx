import { Alert, Anchor, Group, Paper, Progress, Skeleton, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { DocumentRow } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useSimilarDocuments } from './document.hooks';
import { documentName } from './format';

/** Documents most like this one by their document vectors, closest first. */
export function SimilarTab({ doc }: { doc: DocumentRow }) {
  const query = useSimilarDocuments(doc.id, doc.status === 'processed');
  if (doc.status !== 'processed') {
    return <Text c="dimmed">Similar documents are found once this one is processed.</Text>;
  }
  if (query.isPending) return <Skeleton height={120} role="status" aria-label="Finding similar documents" />;
  if (query.error) return <ErrorAlert error={query.error} title="Similar documents could not be found" />;
  const { items, warnings } = query.data;
  return (
    <Stack gap="sm" data-testid="similar-documents">
      {warnings.map((warning) => (
        <Alert key={warning} color="yellow" variant="light">
          {warning}
        </Alert>
      ))}
      {items.length === 0 ? (
        <Text c="dimmed" data-testid="similar-empty">
          No similar documents among those you can read.
        </Text>
      ) : (
        <Stack gap="xs" component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((item) => {
            const percent = Math.round(Math.max(0, Math.min(1, item.score)) * 100);
            return (
              <Paper component="li" key={item.document_id} withBorder p="sm" data-testid="similar-document">
                <Group justify="space-between" wrap="nowrap" gap="md">
                  <Stack gap={0} miw={0}>
                    <Anchor
                      component={Link}
                      to={`/documents/${encodeURIComponent(item.document_id)}`}
                      truncate
                    >
                      {documentName(item)}
                    </Anchor>
                    <Text size="xs" c="dimmed" truncate>
                      {item.filename} · {item.content_type}
                    </Text>
                  </Stack>
                  <Group gap="xs" wrap="nowrap">
                    <Progress value={percent} w={80} aria-label={`Similarity ${percent}%`} />
                    <Text size="xs" c="dimmed" w={36} ta="right">
                      {percent}%
                    </Text>
                  </Group>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
