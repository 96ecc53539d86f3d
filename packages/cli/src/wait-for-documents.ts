import type { DocumentRecord } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';

export interface ProcessingSummary {
  processed: number;
  failed: number;
  chunks: number;
  ms: number;
  failures: { filename: string; code: string; message: string }[];
}

/**
 * Waits until the documents — and the archive members and attachments they spawn — are processed or failed,
 * reporting progress. Reads the store rather than events, so workers in another process count too.
 */
export async function waitForDocuments(
  runtime: SiftRuntime,
  ids: string[],
  onProgress: (done: number, total: number, label: string) => void,
  pollMs = 250,
): Promise<ProcessingSummary> {
  const started = Date.now();
  const pending = new Set(ids);
  const finished = new Map<string, DocumentRecord>();
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const doc = await runtime.metadata.documents.get(id);
      if (!doc) {
        pending.delete(id);
        continue;
      }
      if (doc.status !== 'processed' && doc.status !== 'failed') continue;
      pending.delete(id);
      finished.set(id, doc);
      onProgress(finished.size, finished.size + pending.size, doc.filename);
      if (doc.category === 'archive' || doc.contentType === 'message/rfc822') {
        const children = await runtime.metadata.documents.list({ parentDocumentId: id, limit: 500 });
        for (const child of children.items) if (!finished.has(child.id)) pending.add(child.id);
      }
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const docs = [...finished.values()];
  return {
    processed: docs.filter((d) => d.status === 'processed').length,
    failed: docs.filter((d) => d.status === 'failed').length,
    chunks: docs.reduce((sum, d) => sum + d.chunkCount, 0),
    ms: Date.now() - started,
    failures: docs
      .filter((d) => d.status === 'failed')
      .map((d) => ({
        filename: d.sourcePath ?? d.filename,
        code: d.errorCode ?? 'UNKNOWN',
        message: d.errorMessage ?? '',
      })),
  };
}
