import { Anchor, Skeleton, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { DocumentRow } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import type { useChildDocuments } from './document.hooks';
import { documentName, formatBytes } from './format';
import { StatusBadge } from './status-badge';

/** Archive members and e-mail attachments, each a document of its own. */
export function ChildrenTab({ query }: { query: ReturnType<typeof useChildDocuments> }) {
  if (query.isPending) return <Skeleton height={120} role="status" aria-label="Loading the members" />;
  if (query.error) return <ErrorAlert error={query.error} title="The members could not be loaded" />;
  const items = query.data.items;
  if (items.length === 0) {
    return <Text c="dimmed">No members or attachments were found in this file.</Text>;
  }
  return (
    <>
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Path inside</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th ta="right">Size</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((child: DocumentRow) => (
              <Table.Tr key={child.id} data-testid="child-document">
                <Table.Td>
                  <Anchor component={Link} to={`/documents/${encodeURIComponent(child.id)}`} size="sm">
                    {documentName(child)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {child.source_path ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{child.content_type}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{formatBytes(child.size)}</Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge doc={child} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.data.next_cursor && (
        <Text size="sm" c="dimmed" mt="xs">
          The first {items.length} members are shown.
        </Text>
      )}
    </>
  );
}
