import { AppError, type ExtractionInput } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { IsolatedDocumentExtractor } from './isolated-document-extractor.js';

const FACTORY = {
  module: new URL('./misbehaving-extractor.fixture.ts', import.meta.url).href,
  factory: 'createMisbehavingExtractor',
  options: { label: 'from-thread' },
};

function input(filename: string, signal = new AbortController().signal): ExtractionInput {
  return {
    path: '/dev/null',
    filename,
    type: { contentType: 'text/plain', extension: 'txt', category: 'document' },
    size: 0,
    workDir: '/tmp',
    ocrLanguages: ['eng'],
    archiveLimits: { maxEntries: 1, maxTotalBytes: 1, maxCompressionRatio: 1, maxDepth: 1 },
    depth: 0,
    signal,
  };
}

async function failure(work: Promise<unknown>): Promise<AppError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('IsolatedDocumentExtractor', () => {
  let extractor: IsolatedDocumentExtractor;
  afterEach(async () => {
    await extractor.close();
  });

  function make(
    options: { timeoutMs?: number; maxHeapMb?: number; idleMs?: number; keepWarm?: number } = {},
  ) {
    extractor = new IsolatedDocumentExtractor({
      extractor: FACTORY,
      concurrency: 2,
      timeoutMs: () => options.timeoutMs ?? 20_000,
      maxHeapMb: options.maxHeapMb ?? 256,
      abortGraceMs: 200,
      ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
      ...(options.keepWarm !== undefined ? { keepWarm: options.keepWarm } : {}),
    });
    return extractor;
  }

  it('runs the extraction in a thread of its own, reusing it for the next file, with progress', async () => {
    make();
    const progress: number[] = [];
    const first = await extractor.extract({ ...input('a.txt'), onProgress: (f) => progress.push(f) });
    const second = await extractor.extract(input('b.txt'));
    expect(first.text).toMatch(/^from-thread \d+$/u);
    expect(first.text).not.toBe('from-thread 0');
    expect(second.text).toBe(first.text);
    expect(progress).toEqual([0.5]);
  });

  it('ends a thread that idles past idleMs, but keeps a warm one for the next file', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 400));
    make({ idleMs: 100 });
    const cold = (await extractor.extract(input('a.txt'))).text;
    await pause();
    expect((await extractor.extract(input('b.txt'))).text).not.toBe(cold);
    await extractor.close();

    make({ idleMs: 100, keepWarm: 1 });
    extractor.warm();
    extractor.warm();
    // Two at once: the warm thread and a second one; only the warm one outlives the idle period.
    const both = await Promise.all([extractor.extract(input('c.txt')), extractor.extract(input('d.txt'))]);
    const threads = new Set(both.map((r) => r.text));
    expect(threads.size).toBe(2);
    await pause();
    const later = [await extractor.extract(input('e.txt')), await extractor.extract(input('f.txt'))];
    expect(later[0]!.text).toBe(later[1]!.text);
    expect(threads.has(later[0]!.text)).toBe(true);
  });

  it('passes on the extractor’s own errors with their code, category and details, and keeps the thread', async () => {
    make();
    const err = await failure(extractor.extract(input('refuse.txt')));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', category: 'user', retryable: false });
    expect(err.details).toEqual({ reason: 'test' });
    const [a, b] = [await extractor.extract(input('a.txt')), await extractor.extract(input('b.txt'))];
    expect(a.text).toBe(b.text);
  });

  it('ends a stalled extraction with EXTRACTION_TIMEOUT while the event loop keeps turning', async () => {
    make({ timeoutMs: 1_500 });
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 20);
    try {
      const err = await failure(extractor.extract(input('loop.txt')));
      expect(err).toMatchObject({ code: 'EXTRACTION_TIMEOUT', retryable: true, interrupted: true });
      // A loop on this thread would have let no timer fire until it ended.
      expect(ticks).toBeGreaterThan(10);
    } finally {
      clearInterval(ticker);
    }
    // The stuck thread is gone; the next file gets a fresh one.
    expect((await extractor.extract(input('a.txt'))).text).toMatch(/^from-thread/u);
  });

  it('fails a file that needs more heap than allowed with EXTRACTION_TOO_LARGE, and lives on', async () => {
    make({ maxHeapMb: 64 });
    const err = await failure(extractor.extract(input('hog.txt')));
    expect(err).toMatchObject({ code: 'EXTRACTION_TOO_LARGE', retryable: false });
    expect((await extractor.extract(input('a.txt'))).text).toMatch(/^from-thread/u);
  });

  it('reports a thread that died as EXTRACTION_CRASHED, an interruption', async () => {
    make();
    const err = await failure(extractor.extract(input('exit.txt')));
    expect(err).toMatchObject({ code: 'EXTRACTION_CRASHED', retryable: true, interrupted: true });
  });

  it('rejects with the signal’s reason as soon as it aborts', async () => {
    make();
    const controller = new AbortController();
    const running = extractor.extract(input('slow.txt', controller.signal));
    setTimeout(() => controller.abort(new AppError('TASK_CANCELLED', 'conflict', 'cancelled')), 300);
    expect(await failure(running)).toMatchObject({ code: 'TASK_CANCELLED' });
  });
});
