import { threadId } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, type ExtractedText, type ExtractionInput } from '@sift/core';

/**
 * A DocumentExtractor for tests of IsolatedDocumentExtractor, built inside the extraction thread. What it does
 * depends on the file name: `loop` spins forever (a parser stuck in a regex), `hog` allocates until the heap
 * limit, `exit` ends its thread, `refuse` throws an AppError, `slow` waits for its signal; anything else
 * answers with the thread's id so tests can tell whether threads are reused.
 */
export function createMisbehavingExtractor(options: { label: string }) {
  return {
    async extract(input: ExtractionInput): Promise<ExtractedText> {
      const name = input.filename.replace(/\..*$/u, '');
      if (name === 'loop') for (;;);
      if (name === 'hog') {
        const kept: number[][] = [];
        for (;;) kept.push(new Array(1_000_000).fill(kept.length));
      }
      if (name === 'exit') process.exit(3);
      if (name === 'refuse') {
        throw new AppError('DOCUMENT_CORRUPT', 'user', 'not a real file', {
          details: { reason: 'test' },
          retryable: false,
        });
      }
      if (name === 'slow') await sleep(60_000, undefined, { signal: input.signal });
      input.onProgress?.(0.5);
      return {
        text: `${options.label} ${threadId}`,
        blocks: [],
        pages: [],
        metadata: {},
        extractor: { name: 'misbehaving', version: '1' },
        embedded: [],
        warnings: [],
      };
    },
    async close(): Promise<void> {},
  };
}
