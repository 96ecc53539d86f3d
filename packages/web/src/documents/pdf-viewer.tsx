import { Box, Group, Pagination, Stack, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { useElementSize } from '@mantine/hooks';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../ui/error-alert';
import classes from './document.module.css';
import type { PdfState } from './pdf.loader';

/** Pages are drawn no wider than this (CSS pixels), however wide the screen. */
const MAX_PAGE_WIDTH = 820;

/**
 * One page of a PDF drawn on a canvas as wide as its container (sharp on high-density screens). The canvas
 * says `data-rendered="true"` once drawn, so tests and screenshots can wait for it.
 */
export function PdfPage({
  pdf,
  pageNumber,
  label,
}: {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  label: string;
}) {
  const { ref: boxRef, width } = useElementSize();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [rendered, setRendered] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cssWidth = Math.min(Math.floor(width), MAX_PAGE_WIDTH);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || cssWidth <= 0) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    void (async () => {
      try {
        const page = await pdf.getPage(pageNumber);
        if (cancelled) return;
        const unscaled = page.getViewport({ scale: 1 });
        const scale = cssWidth / unscaled.width;
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: scale * ratio });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${cssWidth}px`;
        canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
        task = page.render({ canvas, viewport });
        await task.promise;
        if (!cancelled) {
          setError(null);
          setRendered(`${pageNumber}:${cssWidth}`);
        }
      } catch (err) {
        // A render cancelled by the next one (resize, page change) is not a failure.
        if (!cancelled && (err as { name?: string }).name !== 'RenderingCancelledException') setError(err);
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, pageNumber, cssWidth]);

  const done = rendered === `${pageNumber}:${cssWidth}`;
  return (
    <Box ref={boxRef} pos="relative">
      {error ? <ErrorAlert error={error} title={`Page ${pageNumber} could not be drawn`} /> : null}
      {!done && !error && (
        <Group justify="center" p="md" pos="absolute" left={0} right={0}>
          <Busy size="sm" label={`Drawing page ${pageNumber}`} />
        </Group>
      )}
      <canvas
        ref={canvasRef}
        className={classes.canvas}
        role="img"
        aria-label={label}
        data-testid="pdf-page"
        data-page={pageNumber}
        data-rendered={done ? 'true' : 'false'}
      />
    </Box>
  );
}

/** Waits for pdf.js and the file; shows why when either fails. */
export function PdfGate({
  state,
  children,
}: {
  state: PdfState;
  children: (pdf: PDFDocumentProxy) => React.ReactNode;
}) {
  if (state.error) return <ErrorAlert error={state.error} title="The PDF could not be opened" />;
  if (!state.pdf) {
    return (
      <Group gap="xs" p="md">
        <Busy size="sm" />
        <Text size="sm" c="dimmed">
          Opening the PDF…
        </Text>
      </Group>
    );
  }
  return <>{children(state.pdf)}</>;
}

/** The original PDF, one page at a time with a page picker; opens at `initialPage` (a citation's page). */
export function PdfViewer({
  state,
  initialPage,
  filename,
}: {
  state: PdfState;
  initialPage: number;
  filename: string;
}) {
  return (
    <PdfGate state={state}>
      {(pdf) => <PdfPager pdf={pdf} initialPage={initialPage} filename={filename} />}
    </PdfGate>
  );
}

function PdfPager({
  pdf,
  initialPage,
  filename,
}: {
  pdf: PDFDocumentProxy;
  initialPage: number;
  filename: string;
}) {
  const pages = pdf.numPages;
  const [page, setPage] = useState(() => Math.min(Math.max(1, initialPage), pages));
  useEffect(() => setPage(Math.min(Math.max(1, initialPage), pages)), [initialPage, pages]);
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" aria-live="polite">
          Page {page} of {pages}
        </Text>
        {pages > 1 && (
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            size="sm"
            withEdges
            aria-label="Pages of the PDF"
            getControlProps={(control) => ({
              'aria-label': {
                first: 'First page',
                previous: 'Previous page',
                next: 'Next page',
                last: 'Last page',
              }[control],
            })}
            getItemProps={(n) => ({ 'aria-label': `Page ${n}` })}
          />
        )}
      </Group>
      <PdfPage pdf={pdf} pageNumber={page} label={`Page ${page} of ${filename}`} />
    </Stack>
  );
}
