// Shared by the ingestion benches: deterministic prose, and uploading files through a real runtime and
// waiting until every document is processed. Not a bench itself (run.ts only runs `*.bench.ts`).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentRecord } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';

const WORDS = (
  'the a of to and in is for on that with as by this from at be are it or an was document search index ' +
  'chunk embedding vector query result page table section retrieval answer source citation model token ' +
  'quarterly revenue region customer contract invoice meeting schedule warehouse shipment policy review'
).split(' ');

/** Deterministic words and sentences, so every run ingests the same bytes. */
export class Prose {
  private state: number;

  constructor(seed: number) {
    this.state = seed;
  }

  random(): number {
    this.state = (Math.imul(this.state, 1_103_515_245) + 12_345) & 0x7fffffff;
    return this.state / 2 ** 31;
  }

  word(): string {
    return WORDS[Math.floor(this.random() * WORDS.length)]!;
  }

  sentence(): string {
    const words = Array.from({ length: 6 + Math.floor(this.random() * 14) }, () => this.word());
    return `${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}.`;
  }

  paragraph(sentences = 3 + Math.floor(this.random() * 5)): string {
    return Array.from({ length: sentences }, () => this.sentence()).join(' ');
  }
}

/** What one batch of uploads cost, from the first upload to the last document processed. */
export interface IngestRun {
  seconds: number;
  bytes: number;
  documents: DocumentRecord[];
}

/**
 * Uploads `files` one after another into a runtime whose workers are running and resolves once every one of
 * them is processed. A failed or deduplicated document rejects: a figure over fewer documents would lie.
 */
export async function ingestFiles(
  runtime: SiftRuntime,
  files: string[],
  options: { collectionId?: string } = {},
): Promise<IngestRun> {
  const finished = new Map<string, DocumentRecord>();
  const pending = new Set<string>();
  let settle!: () => void;
  let fail!: (err: Error) => void;
  const allDone = new Promise<void>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const stop = runtime.events.subscribe((event) => {
    if (event.type === 'document.failed') {
      const d = event.document;
      fail(new Error(`${d.filename} failed: ${d.errorCode} ${d.errorMessage}`));
    } else if (event.type === 'document.processed') {
      finished.set(event.document.id, event.document);
      pending.delete(event.document.id);
      if (uploaded && pending.size === 0) settle();
    }
  });
  let uploaded = false;
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;
  const ids: string[] = [];
  try {
    const started = performance.now();
    for (const file of files) {
      const result = await runtime.documents.upload({
        access: runtime.identity.operator(),
        filename: path.basename(file),
        source: createReadStream(file),
        collectionId: options.collectionId ?? null,
      });
      if (result.duplicate) throw new Error(`${file} was deduplicated; bench files must be unique`);
      ids.push(result.document.id);
      if (!finished.has(result.document.id)) pending.add(result.document.id);
    }
    uploaded = true;
    if (pending.size === 0) settle();
    await allDone;
    const seconds = (performance.now() - started) / 1000;
    return { seconds, bytes, documents: ids.map((id) => finished.get(id)!) };
  } finally {
    stop();
  }
}
