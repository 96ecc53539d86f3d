import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFolderUp, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { DocumentRow } from '../api/types';
import { formatBytes } from '../documents/format';
import { ErrorAlert } from '../ui/error-alert';
import { filesFromEvent } from './folder-entries';
import { useUploadLimits } from './library.queries';
import classes from './library.module.css';
import { uploadQueue, useUploadEntries, type UploadEntry, type UploadTarget } from './upload-queue';
import { UploadRow } from './upload-row';

const SIZE_WORDS = [
  ['document', 'Documents'],
  ['image', 'images'],
  ['audio', 'audio'],
  ['archive', 'archives'],
] as const;

/**
 * Drop files or whole folders (or choose them) to upload into the selected collection and folder. Files
 * over the server's limits are refused here, before a byte is sent; each file then has a row that moves
 * with its upload and its processing.
 */
export function UploadPanel({ target, targetLabel }: { target: UploadTarget; targetLabel: string }) {
  const client = useQueryClient();
  const limits = useUploadLimits();
  const entries = useUploadEntries();
  const folderInput = useRef<HTMLInputElement>(null);

  const add = (files: File[]) => {
    if (limits.data) uploadQueue.add(files, target, limits.data, client);
  };
  // Rows whose work is over: what "Clear finished" removes. Rows still processing stay until they settle.
  const isFinished = (entry: UploadEntry) => {
    if (entry.phase === 'refused') return true;
    const doc = client.getQueryData<DocumentRow>(['document', entry.documentId]);
    return entry.phase === 'stored' && (doc?.status === 'processed' || doc?.status === 'failed');
  };
  const max = limits.data?.upload.max_file_bytes;
  // The server's own numbers, per category: "documents up to 1 MB, images 50 MB, …".
  const sizes =
    max &&
    SIZE_WORDS.filter(([c]) => max[c] !== undefined)
      .map(([c, word], i) => `${word}${i === 0 ? ' up to' : ''} ${formatBytes(max[c]!)}`)
      .join(', ');

  return (
    <Paper withBorder p="sm" mb="sm">
      <ErrorAlert error={limits.error} title="The upload limits could not be read" />
      <Group align="stretch" gap="sm" wrap="nowrap">
        <Dropzone
          onDrop={add}
          getFilesFromEvent={filesFromEvent}
          // A plain file input: the File System Access picker answers handles, not the files read here.
          useFsAccessApi={false}
          disabled={!limits.data}
          loading={limits.isPending}
          style={{ flex: 1 }}
          inputProps={{ 'aria-label': 'Choose files to upload', 'data-testid': 'upload-input' } as object}
          aria-label="Upload files: drop files or folders here, or press Enter to choose files"
        >
          <Group gap="sm" wrap="nowrap" style={{ pointerEvents: 'none' }} mih={52}>
            <IconUpload size={28} aria-hidden />
            <div>
              <Text size="sm" fw={500}>
                Drop files or folders here, or click to choose files
              </Text>
              <Text size="xs" c="dimmed">
                Into {targetLabel}
              </Text>
              {sizes && (
                <Text size="xs" c="dimmed">
                  {sizes}
                </Text>
              )}
            </div>
          </Group>
        </Dropzone>
        <Button
          variant="default"
          leftSection={<IconFolderUp size={16} />}
          onClick={() => folderInput.current?.click()}
          disabled={!limits.data}
          h="auto"
        >
          Choose folder
        </Button>
        <input
          ref={folderInput}
          type="file"
          hidden
          multiple
          aria-label="Choose a folder to upload"
          data-testid="upload-folder-input"
          // React passes unknown lowercase attributes through; TypeScript's DOM types lack this one.
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            add(Array.from(e.currentTarget.files ?? []));
            e.currentTarget.value = '';
          }}
        />
      </Group>
      {entries.length > 0 && (
        <Stack gap={0} mt="sm">
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              Uploads
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={() => uploadQueue.clear(isFinished)}>
              Clear finished
            </Button>
          </Group>
          <div className={classes.uploadList} role="list" aria-label="Uploads" tabIndex={0}>
            {entries.map((entry) => (
              <div role="listitem" key={entry.key}>
                <UploadRow entry={entry} />
              </div>
            ))}
          </div>
        </Stack>
      )}
    </Paper>
  );
}
