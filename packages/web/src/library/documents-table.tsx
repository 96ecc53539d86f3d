import { ActionIcon, Anchor, Menu, Table, Text } from '@mantine/core';
import { IconDots, IconFolderShare, IconRefresh } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { Link } from 'react-router';
import type { DocumentRow } from '../api/types';
import { documentName, formatBytes, formatDate } from '../documents/format';
import { startDrag } from './drag-data';
import { DocumentStatus } from './document-status';
import classes from './library.module.css';
import type { MoveTarget } from './move-to.modal';
import { SortableHeader, type TableSort } from './sortable-header';

/** Every row has the same height, so the virtualiser knows where each is without measuring. */
const ROW_HEIGHT = 56;
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

interface DocumentsTableProps {
  docs: DocumentRow[];
  /** Null when the table shows one collection (the column would repeat its name on every row). */
  collectionNames: ReadonlyMap<string, string> | null;
  canWrite: boolean;
  onMove: (target: MoveTarget) => void;
  onReprocess: (doc: DocumentRow) => void;
  /** The server's order of the rows; the headers change it. */
  sort: TableSort;
}

/**
 * One page of documents (up to 500) in a scrolling table that renders only the rows in view plus a few:
 * the DOM stays small whatever the page size, and the page is all the server sent (no total is counted).
 */
export function DocumentsTable({
  docs,
  collectionNames,
  canWrite,
  onMove,
  onReprocess,
  sort,
}: DocumentsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: docs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => docs[index]!.id,
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);
  const columns = collectionNames ? 8 : 7;

  return (
    <div
      ref={scrollRef}
      className={classes.tableScroll}
      role="region"
      aria-label="Documents"
      tabIndex={0}
      data-testid="documents-table"
    >
      <Table
        stickyHeader
        layout="fixed"
        highlightOnHover
        verticalSpacing={0}
        miw={640}
        className={classes.table}
      >
        <Table.Thead>
          <Table.Tr>
            <SortableHeader column="name" {...sort}>
              Name
            </SortableHeader>
            {collectionNames && <Table.Th w={100}>Collection</Table.Th>}
            <SortableHeader column="type" w={72} {...sort}>
              Type
            </SortableHeader>
            <SortableHeader column="size" w={80} align="right" {...sort}>
              Size
            </SortableHeader>
            <SortableHeader column="status" w={150} {...sort}>
              Status
            </SortableHeader>
            <SortableHeader column="chunk_count" w={84} align="right" {...sort}>
              Chunks
            </SortableHeader>
            <SortableHeader column="uploaded_at" w={112} {...sort}>
              Uploaded
            </SortableHeader>
            <Table.Th w={44}>
              <span className={classes.visuallyHidden}>Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {before > 0 && (
            <tr aria-hidden>
              <td colSpan={columns} style={{ height: before, padding: 0, border: 0 }} />
            </tr>
          )}
          {rows.map((row) => {
            const doc = docs[row.index]!;
            return (
              <DocumentTableRow
                key={row.key}
                doc={doc}
                collection={
                  collectionNames &&
                  (doc.collection_id ? (collectionNames.get(doc.collection_id) ?? '—') : '—')
                }
                canWrite={canWrite}
                onMove={onMove}
                onReprocess={onReprocess}
              />
            );
          })}
          {after > 0 && (
            <tr aria-hidden>
              <td colSpan={columns} style={{ height: after, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

interface RowProps {
  doc: DocumentRow;
  /** Null: no collection column. */
  collection: string | null;
  canWrite: boolean;
  onMove: (target: MoveTarget) => void;
  onReprocess: (doc: DocumentRow) => void;
}

/** Memoised: a progress event replaces one document object, so only its row renders again. */
const DocumentTableRow = memo(function DocumentTableRow({
  doc,
  collection,
  canWrite,
  onMove,
  onReprocess,
}: RowProps) {
  const name = documentName(doc);
  return (
    <Table.Tr
      style={{ height: ROW_HEIGHT }}
      data-document-id={doc.id}
      data-status={doc.status}
      draggable={canWrite}
      onDragStart={canWrite ? (e) => startDrag(e, { kind: 'document', id: doc.id }, name) : undefined}
    >
      <Table.Td>
        <Anchor component={Link} to={`/documents/${doc.id}`} size="sm" fw={500} className={classes.cellText}>
          {name}
        </Anchor>
        {name !== doc.filename && (
          <Text size="xs" c="dimmed" className={classes.cellText}>
            {doc.filename}
          </Text>
        )}
      </Table.Td>
      {collection !== null && (
        <Table.Td>
          <Text size="sm" className={classes.cellText}>
            {collection}
          </Text>
        </Table.Td>
      )}
      <Table.Td>
        <Text size="sm" className={classes.cellText} title={doc.content_type}>
          {typeLabel(doc)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{formatBytes(doc.size)}</Text>
      </Table.Td>
      <Table.Td>
        <DocumentStatus doc={doc} name={name} />
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{doc.status === 'processed' ? doc.chunk_count : '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className={classes.cellText} title={formatDate(doc.uploaded_at)}>
          {dateOnly.format(new Date(doc.uploaded_at))}
        </Text>
      </Table.Td>
      <Table.Td>
        {canWrite && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconFolderShare size={16} />}
                onClick={() => onMove({ kind: 'document', id: doc.id, name, currentFolderId: doc.folder_id })}
              >
                Move to…
              </Menu.Item>
              <Menu.Item leftSection={<IconRefresh size={16} />} onClick={() => onReprocess(doc)}>
                Process again
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Table.Td>
    </Table.Tr>
  );
});

/** "PDF", "DOCX", "Image": the extension people know, else the category. */
function typeLabel(doc: DocumentRow): string {
  const ext = doc.filename.includes('.') ? doc.filename.split('.').pop()! : '';
  if (ext && ext.length <= 5) return ext.toUpperCase();
  return doc.category[0]!.toUpperCase() + doc.category.slice(1);
}
