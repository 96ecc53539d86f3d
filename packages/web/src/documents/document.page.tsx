import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { SiftApiError } from '../api/client';
import type { DocumentRow } from '../api/types';
import { useSession } from '../auth/session.hooks';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { ChildrenTab } from './children.tab';
import { ChunksTab } from './chunks.tab';
import { parseCitation, type CitationRange } from './citation-link';
import { DocumentActions } from './document-actions';
import { DocumentDetails } from './document-details.panel';
import { useChildDocuments, useDocument, useDocumentText } from './document.hooks';
import { documentName } from './format';
import { isPdf, OriginalTab } from './original.tab';
import { usePdfDocument, type PdfState } from './pdf.loader';
import { PdfGate, PdfPage } from './pdf-viewer';
import { SimilarTab } from './similar.tab';
import { pageAt } from './text-sections';
import { TextTab } from './text.tab';

const TABS = ['text', 'chunks', 'original', 'children', 'similar'] as const;
type TabName = (typeof TABS)[number];
const isTab = (value: string | null): value is TabName => TABS.includes(value as TabName);

/**
 * The tab a document opens on: the text when a citation gives a range (it is highlighted there), the page
 * of a PDF when only a page is given, what the file is for media and archives, else the text.
 */
function defaultTab(doc: DocumentRow, citation: CitationRange): TabName {
  if (citation.start !== null) return 'text';
  if (citation.page !== null && isPdf(doc)) return 'original';
  if (doc.category === 'image' || doc.category === 'audio') return 'original';
  if (doc.category === 'archive') return 'children';
  return 'text';
}

/**
 * One document: its details and tags, actions, and tabs for its text, chunks, original file, members and
 * similar documents. `?page=N&start=S&end=E` (from {@link citationHref}) lands on a citation: the range is
 * highlighted in the text and, for a PDF, page N is drawn beside it.
 */
export default function DocumentPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const session = useSession();
  const query = useDocument(id);
  const children = useChildDocuments(id);
  const text = useDocumentText(id, query.data !== undefined);
  const [pdfUsed, setPdfUsed] = useState(false);

  const citation = useMemo(() => parseCitation(params), [params]);
  const highlight = useMemo(
    () =>
      citation.start !== null && citation.end !== null ? { start: citation.start, end: citation.end } : null,
    [citation.start, citation.end],
  );
  const doc = query.data;
  const requested = params.get('tab');
  const tab: TabName = isTab(requested) ? requested : doc ? defaultTab(doc, citation) : 'text';
  // The page a citation is on: given, or found from where its range starts.
  const citedPage =
    citation.page ?? (highlight && text.data ? pageAt(text.data.pages, highlight.start) : null);
  const pdfWanted =
    doc !== undefined && isPdf(doc) && (tab === 'original' || (tab === 'text' && citedPage !== null));
  // Once opened, the PDF stays open while the user switches tabs.
  if (pdfWanted && !pdfUsed) setPdfUsed(true);
  const pdf = usePdfDocument(id, doc !== undefined && isPdf(doc) && (pdfWanted || pdfUsed));

  const setTab = (next: string | null) => {
    if (!isTab(next)) return;
    setParams(
      (prev) => {
        const updated = new URLSearchParams(prev);
        updated.set('tab', next);
        return updated;
      },
      { replace: true },
    );
  };

  if (query.isPending) return <DocumentSkeleton />;
  if (query.error || !doc) {
    const missing = query.error instanceof SiftApiError && query.error.status === 404;
    return (
      <Stack gap="md" maw={640}>
        <BackLink />
        <ErrorAlert
          error={query.error}
          title={missing ? 'This document does not exist or you cannot read it' : undefined}
        />
      </Stack>
    );
  }

  const childCount = children.data?.items.length ?? 0;
  const showChildren = doc.category === 'archive' || childCount > 0 || tab === 'children';
  const aside =
    isPdf(doc) && citedPage !== null ? (
      <CitedPage pdf={pdf} page={citedPage} filename={doc.filename} onOpen={() => setTab('original')} />
    ) : undefined;

  return (
    <Stack gap="md">
      <BackLink />
      <PageHeader title={documentName(doc)}>
        <DocumentActions doc={doc} canWrite={session.canWrite} />
      </PageHeader>
      <DocumentDetails doc={doc} canWrite={session.canWrite} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="text">Text</Tabs.Tab>
          <Tabs.Tab value="chunks" rightSection={<Count n={doc.chunk_count} />}>
            Chunks
          </Tabs.Tab>
          <Tabs.Tab value="original">Original</Tabs.Tab>
          {showChildren && (
            <Tabs.Tab value="children" rightSection={<Count n={childCount} />}>
              {doc.content_type === 'message/rfc822' ? 'Attachments' : 'Members'}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="similar">Similar</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="text" pt="md">
          <TextTab doc={doc} highlight={highlight} focusPage={citedPage} aside={aside} />
        </Tabs.Panel>
        <Tabs.Panel value="chunks" pt="md">
          <ChunksTab doc={doc} />
        </Tabs.Panel>
        <Tabs.Panel value="original" pt="md">
          <OriginalTab doc={doc} pdf={pdf} initialPage={citedPage ?? 1} />
        </Tabs.Panel>
        {showChildren && (
          <Tabs.Panel value="children" pt="md">
            <ChildrenTab query={children} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="similar" pt="md">
          <SimilarTab doc={doc} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Count({ n }: { n: number }) {
  return n > 0 ? (
    <Badge size="sm" variant="default" aria-hidden>
      {n.toLocaleString()}
    </Badge>
  ) : null;
}

function BackLink() {
  return (
    <Anchor component={Link} to="/library" size="sm" w="fit-content">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        Library
      </Group>
    </Anchor>
  );
}

/** The cited page of a PDF, drawn beside the highlighted text. */
function CitedPage({
  pdf,
  page,
  filename,
  onOpen,
}: {
  pdf: PdfState;
  page: number;
  filename: string;
  onOpen: () => void;
}) {
  return (
    <Paper withBorder p="sm" data-testid="cited-page">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          Page {page} of the original
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={onOpen}>
          Open in Original
        </Button>
      </Group>
      <PdfGate state={pdf}>
        {(doc) => (
          <PdfPage
            pdf={doc}
            pageNumber={Math.min(page, doc.numPages)}
            label={`Page ${page} of ${filename}`}
          />
        )}
      </PdfGate>
    </Paper>
  );
}

function DocumentSkeleton() {
  return (
    <Stack gap="md" role="status" aria-busy="true" aria-label="Loading the document">
      <Skeleton height={32} width="40%" />
      <Skeleton height={140} />
      <Skeleton height={36} width="60%" />
      <Skeleton height={240} />
    </Stack>
  );
}
