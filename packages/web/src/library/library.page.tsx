import { Box, Button, Center, Divider, Flex, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconFiles } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { describeError } from '../api/client';
import type { DocumentRow } from '../api/types';
import { useSession } from '../auth/session.hooks';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { CollectionsNav } from './collections-nav';
import { DocumentsTable } from './documents-table';
import { FolderTree } from './folder-tree';
import { LibraryFiltersBar } from './library-filters';
import {
  isFiltered,
  PAGE_SIZES,
  toDocumentsQuery,
  toggledSort,
  useLibraryParams,
  type DocumentSort,
} from './library-params';
import { useCollections, useDocumentsPage, useFolders, useReprocess } from './library.queries';
import { MoveToModal, type MoveTarget } from './move-to.modal';
import { UploadPanel } from './upload-panel';

/**
 * The library: collections and folders on the side, uploads on top, and one server page of documents in a
 * virtualised table. Filters and the page live in the URL; rows move with the live events (the page's
 * query is patched in place), never by polling.
 */
export default function LibraryPage() {
  const session = useSession();
  const params = useLibraryParams();
  const { filters, update } = params;
  const query = useMemo(() => toDocumentsQuery(filters), [filters]);
  const page = useDocumentsPage(query);
  const collections = useCollections();
  const folders = useFolders();
  const reprocess = useReprocess();
  const [moveTarget, setMoveTarget] = useState<MoveTarget | null>(null);

  const collectionNames = useMemo(
    () => new Map((collections.data?.items ?? []).map((c) => [c.id, c.name])),
    [collections.data],
  );
  const folderPath = folders.data?.items.find((f) => f.id === filters.folder)?.path;
  const targetLabel =
    (filters.collection
      ? `“${collectionNames.get(filters.collection) ?? 'the selected collection'}”`
      : 'the library (no collection)') + (filters.folder ? ` › ${folderPath ?? 'the selected folder'}` : '');

  const onReprocess = useCallback(
    (doc: DocumentRow) =>
      reprocess.mutate(doc.id, {
        onError: (err) => {
          const { title, message, code } = describeError(err);
          notifications.show({ color: 'red', title, message: `${message} (${code})` });
        },
      }),
    [reprocess],
  );

  const onSort = useCallback((sort: DocumentSort) => update(toggledSort(filters, sort)), [filters, update]);

  const docs = page.data?.items ?? [];
  const nextCursor = page.data?.next_cursor ?? null;

  return (
    <>
      <PageHeader title="Library" />
      <Flex gap="md" direction={{ base: 'column', md: 'row' }} align="flex-start">
        <Stack w={{ base: '100%', md: 230 }} gap="sm" style={{ flex: 'none' }}>
          <CollectionsNav
            selected={filters.collection}
            onSelect={(collection) => update({ collection, folder: null })}
            canWrite={session.canWrite}
          />
          <Divider />
          <FolderTree
            collectionId={filters.collection}
            selected={filters.folder}
            onSelect={(folder) => update({ folder })}
            canWrite={session.canWrite}
            onMove={setMoveTarget}
          />
        </Stack>
        <Box style={{ flex: 1, minWidth: 0 }} w="100%">
          {session.canWrite && (
            <UploadPanel
              target={{ collectionId: filters.collection, folderId: filters.folder }}
              targetLabel={targetLabel}
            />
          )}
          <LibraryFiltersBar filters={filters} update={update} />
          <ErrorAlert error={page.error} title="The documents could not be loaded" />
          {page.isPending ? (
            <Stack gap={6} role="status" aria-busy="true" aria-label="Loading documents">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} height={44} />
              ))}
            </Stack>
          ) : docs.length === 0 && !page.isError ? (
            <EmptyState filtered={isFiltered(filters) || params.pageIndex > 0} canWrite={session.canWrite} />
          ) : (
            docs.length > 0 && (
              <DocumentsTable
                docs={docs}
                collectionNames={filters.collection ? null : collectionNames}
                canWrite={session.canWrite}
                onMove={setMoveTarget}
                onReprocess={onReprocess}
                sort={{ sort: filters.sort, order: filters.order, onSort }}
              />
            )
          )}
          <Group justify="space-between" mt="sm">
            <Group gap="xs">
              <Text size="sm" c="dimmed" aria-live="polite">
                Page {params.pageIndex + 1} · {docs.length} {docs.length === 1 ? 'document' : 'documents'}
              </Text>
              {page.isFetching && !page.isPending && <Busy size="xs" label="Refreshing" />}
            </Group>
            <Group gap="xs">
              <Select
                aria-label="Documents per page"
                data={PAGE_SIZES.map((n) => ({ value: String(n), label: `${n} per page` }))}
                value={String(filters.limit)}
                onChange={(v) => v && update({ limit: Number(v) })}
                allowDeselect={false}
                size="xs"
                w={130}
              />
              <Button
                size="xs"
                variant="default"
                leftSection={<IconChevronLeft size={14} />}
                disabled={params.pageIndex === 0}
                onClick={params.previousPage}
              >
                Previous
              </Button>
              <Button
                size="xs"
                variant="default"
                rightSection={<IconChevronRight size={14} />}
                disabled={!nextCursor || page.isPlaceholderData}
                onClick={() => nextCursor && params.nextPage(nextCursor)}
              >
                Next
              </Button>
            </Group>
          </Group>
        </Box>
      </Flex>
      <MoveToModal target={moveTarget} onClose={() => setMoveTarget(null)} />
    </>
  );
}

function EmptyState({ filtered, canWrite }: { filtered: boolean; canWrite: boolean }) {
  return (
    <Center py="xl" data-testid="library-empty">
      <Stack align="center" gap={4}>
        <IconFiles size={40} aria-hidden stroke={1.3} />
        <Text fw={500}>{filtered ? 'No documents match these filters' : 'No documents yet'}</Text>
        <Text size="sm" c="dimmed">
          {filtered
            ? 'Change or clear the filters to see more.'
            : canWrite
              ? 'Drop files or a folder above to add the first ones.'
              : 'Documents appear here once someone adds them.'}
        </Text>
      </Stack>
    </Center>
  );
}
