import { Alert, Box, Divider, Grid, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { DocumentRow } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { isTextNotReady, useDocumentText } from './document.hooks';
import classes from './document.module.css';
import { partsOf, sectionsOf } from './text-sections';

/** Texts longer than this let the browser skip drawing sections far off-screen. */
const LONG_TEXT_CHARS = 200_000;

/**
 * The extracted text with a marker where each page begins. A citation's range `[start, end)` is wrapped in
 * `<mark class="sift-highlight">` and scrolled into view; a page alone scrolls to that page's marker.
 * `aside` (the cited PDF page) is shown beside the text on wide screens.
 */
export function TextTab({
  doc,
  highlight,
  focusPage,
  aside,
}: {
  doc: DocumentRow;
  highlight: { start: number; end: number } | null;
  focusPage: number | null;
  aside?: ReactNode;
}) {
  const query = useDocumentText(doc.id, true);
  const data = query.data;
  const sections = useMemo(() => (data ? sectionsOf(data.text, data.pages) : []), [data]);
  const rootRef = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef<string | null>(null);

  useEffect(() => {
    if (!data || !rootRef.current) return;
    // Scroll once per citation, not on every refetch (a live update must not yank the reader back).
    const key = `${doc.id}:${highlight?.start}:${highlight?.end}:${focusPage}`;
    if (scrolledFor.current === key) return;
    const target =
      rootRef.current.querySelector<HTMLElement>('[data-testid="citation-highlight"]') ??
      (focusPage !== null
        ? rootRef.current.querySelector<HTMLElement>(`[data-page-marker="${focusPage}"]`)
        : null);
    scrolledFor.current = key;
    target?.scrollIntoView({ block: highlight ? 'center' : 'start' });
  }, [data, doc.id, highlight, focusPage]);

  if (query.isPending) return <TextSkeleton />;
  if (query.error) {
    if (isTextNotReady(query.error)) {
      return (
        <Alert icon={<IconInfoCircle size={18} />} color="gray" title="No text yet">
          {doc.status === 'failed'
            ? 'Processing failed before any text was extracted.'
            : 'The text appears here when processing finishes.'}
        </Alert>
      );
    }
    return <ErrorAlert error={query.error} title="The text could not be loaded" />;
  }
  if (!data) return <TextSkeleton />;

  const outside = highlight !== null && highlight.end > data.text.length;
  const body = (
    <Stack gap="xs">
      <Group gap="md" c="dimmed">
        <Text size="xs">{data.text.length.toLocaleString()} characters</Text>
        {data.pages.length > 0 && <Text size="xs">{data.pages.length} pages</Text>}
        <Text size="xs">
          Extracted by {data.extractor.name} {data.extractor.version}
        </Text>
      </Group>
      {outside && (
        <Alert color="yellow" title="The cited passage is not in this text">
          The citation points past the end of the text; the document may have been processed again since.
        </Alert>
      )}
      {data.text.length === 0 ? (
        <Text c="dimmed">No text was found in this document.</Text>
      ) : (
        <Paper
          withBorder
          p="md"
          ref={rootRef}
          className={data.text.length > LONG_TEXT_CHARS ? classes.longText : undefined}
          data-testid="document-text"
        >
          {sections.map((section) => (
            <Box key={section.start} className={classes.section}>
              {section.page !== null && (
                <Divider
                  my="sm"
                  label={`Page ${section.page}`}
                  labelPosition="left"
                  className={classes.pageMarker}
                  data-page-marker={section.page}
                  data-testid="page-marker"
                />
              )}
              <div className={classes.text}>
                {partsOf(data.text, section, highlight).map((part, i) =>
                  part.highlighted ? (
                    <mark
                      key={i}
                      className={`sift-highlight ${classes.highlight}`}
                      data-testid="citation-highlight"
                    >
                      {part.text}
                    </mark>
                  ) : (
                    part.text
                  ),
                )}
              </div>
            </Box>
          ))}
        </Paper>
      )}
    </Stack>
  );

  if (!aside) return body;
  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, lg: 7 }}>{body}</Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <div className={classes.aside}>{aside}</div>
      </Grid.Col>
    </Grid>
  );
}

function TextSkeleton() {
  return (
    <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading the text">
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} height={14} width={`${70 + ((i * 13) % 30)}%`} />
      ))}
    </Stack>
  );
}
