import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconDownload, IconFileUnknown } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { DocumentRow } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { AudioPlayer } from './audio-player';
import classes from './document.module.css';
import { formatBytes } from './format';
import type { PdfState } from './pdf.loader';
import { PdfViewer } from './pdf-viewer';

export const isPdf = (doc: DocumentRow) => doc.content_type === 'application/pdf';

/** Where the original bytes are downloaded from (the route sends them as an attachment). */
export const fileHref = (doc: DocumentRow) => `/api/v1/documents/${encodeURIComponent(doc.id)}/file`;

/** The original file as it was uploaded: PDF pages, the image, or the recording with its transcript. */
export function OriginalTab({
  doc,
  pdf,
  initialPage,
}: {
  doc: DocumentRow;
  pdf: PdfState;
  initialPage: number;
}) {
  if (isPdf(doc)) return <PdfViewer state={pdf} initialPage={initialPage} filename={doc.filename} />;
  if (doc.category === 'image') return <ImageOriginal doc={doc} />;
  if (doc.category === 'audio') return <AudioPlayer doc={doc} />;
  return (
    <Alert color="gray" icon={<IconFileUnknown size={18} />} title="No preview for this type">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {doc.content_type} files are not shown here; the Text tab has what was extracted from it.
        </Text>
        <Button
          component="a"
          href={fileHref(doc)}
          download={doc.filename}
          size="xs"
          variant="light"
          leftSection={<IconDownload size={14} />}
        >
          Download ({formatBytes(doc.size)})
        </Button>
      </Stack>
    </Alert>
  );
}

/**
 * The image, fetched through the API client (so an expired session is refreshed) and shown from a `blob:`
 * URL, which the CSP allows for images.
 */
function ImageOriginal({ doc }: { doc: DocumentRow }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    unwrap(api.GET('/api/v1/documents/{id}/file', { params: { path: { id: doc.id } }, parseAs: 'blob' }))
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob as Blob);
        setUrl(objectUrl);
      })
      .catch((err: unknown) => !cancelled && setError(err));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [doc.id]);

  if (error) return <ErrorAlert error={error} title="The image could not be loaded" />;
  if (!url) {
    return (
      <Group p="md">
        <Busy size="sm" label="Loading the image" />
      </Group>
    );
  }
  return (
    <img
      src={url}
      alt={doc.title ?? doc.filename}
      className={classes.image}
      data-testid="original-image"
      onError={() => setError(new Error('The browser cannot show this image format.'))}
    />
  );
}
