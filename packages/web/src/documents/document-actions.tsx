import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import type { DocumentRow } from '../api/types';
import { describeError } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { useDeleteDocument, useReprocess } from './document.hooks';
import { documentName } from './format';
import { fileHref } from './original.tab';

/**
 * Download for everyone; reprocess and delete (after a confirmation) for those who may write. A deletion
 * goes back to the library.
 */
export function DocumentActions({ doc, canWrite }: { doc: DocumentRow; canWrite: boolean }) {
  const navigate = useNavigate();
  const reprocess = useReprocess(doc.id);
  const remove = useDeleteDocument(doc.id);
  const [confirming, confirm] = useDisclosure(false);
  const name = documentName(doc);
  const busy = doc.status === 'queued' || doc.status === 'processing';

  const runReprocess = () =>
    reprocess.mutate(undefined, {
      onSuccess: () => notifications.show({ message: `${name} is queued for processing`, color: 'blue' }),
      onError: (err) => {
        const { title, message, code } = describeError(err);
        notifications.show({ title, message: `${message} (${code})`, color: 'red' });
      },
    });

  const runDelete = () =>
    remove.mutate(undefined, {
      onSuccess: ({ deleted }) => {
        confirm.close();
        const members = deleted.length - 1;
        notifications.show({
          message: `${name} was deleted${members > 0 ? ` with ${members} member${members > 1 ? 's' : ''}` : ''}`,
          color: 'green',
        });
        navigate('/library', { replace: true });
      },
    });

  return (
    <>
      <Button
        component="a"
        href={fileHref(doc)}
        download={doc.filename}
        variant="default"
        leftSection={<IconDownload size={16} />}
      >
        Download
      </Button>
      {canWrite && (
        <>
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={runReprocess}
            loading={reprocess.isPending}
            disabled={busy}
            title={busy ? 'Already being processed' : undefined}
          >
            Reprocess
          </Button>
          <Button
            variant="default"
            leftSection={<IconTrash size={16} color="var(--mantine-color-red-filled)" aria-hidden />}
            onClick={() => {
              remove.reset();
              confirm.open();
            }}
          >
            Delete
          </Button>
        </>
      )}
      <Modal opened={confirming} onClose={confirm.close} title="Delete this document?" centered>
        <Stack gap="md">
          <Text size="sm">
            <strong>{name}</strong> will be deleted with its archive members and attachments, chunks and
            search entries. This cannot be undone.
          </Text>
          <ErrorAlert error={remove.error} title="The document was not deleted" />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={confirm.close} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button color="red" onClick={runDelete} loading={remove.isPending} data-testid="confirm-delete">
              Delete document
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
