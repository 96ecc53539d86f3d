import { Worker } from 'node:worker_threads';

/** The first message an embedding worker posts: ready (with what it reports), or why it could not load. */
export type ThreadReady<R> =
  ({ ready: true } & R) | ({ ready: false; message: string } & Record<string, unknown>);

/** Embeds in a worker thread; one call is one model call (the caller batches). */
export interface EmbeddingThread {
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

type Reply = { id: number; ok: true; vectors: Float32Array[] } | { id: number; ok: false; message: string };

/** How a thread's failures become errors (each model kind names its own). */
export interface EmbeddingThreadErrors {
  /** The worker reported it could not load or probe the model. */
  notReady(message: Record<string, unknown> & { message: string }): Error;
  /** The thread crashed (`error` event) or exited (`code`). */
  crashed(cause: Error | number): Error;
  /** Message of the error calls get after dispose(). */
  closed: string;
}

/**
 * Starts `script` as a worker thread speaking the embedding protocol — first `{ready: true, …}` or
 * `{ready: false, message, …}`, then one `{id, ok, vectors | message}` per `{id, texts}` — so inference runs
 * beside the event loop: the server keeps answering and the next document is extracted while this one is
 * embedded. The thread does not keep the process alive while nothing is pending. Resolves with what the
 * ready message reported and the thread.
 */
export function startEmbeddingThread<R extends object>(
  script: URL,
  workerData: unknown,
  errors: EmbeddingThreadErrors,
): Promise<{ reported: R; thread: EmbeddingThread }> {
  return new Promise((resolve, reject) => {
    // No execArgv: the worker is plain JavaScript and needs none of the parent's loaders or flags.
    const worker = new Worker(script, { execArgv: [], workerData });
    worker.unref();
    const pending = new Map<number, { resolve(v: Float32Array[]): void; reject(e: Error): void }>();
    let nextId = 1;
    let dead: Error | null = null;
    const fail = (err: Error) => {
      if (dead) return;
      dead = err;
      reject(err);
      for (const waiter of pending.values()) waiter.reject(err);
      pending.clear();
    };
    worker.on('error', (err) => fail(errors.crashed(err)));
    worker.on('exit', (code) => fail(errors.crashed(code)));
    worker.on('message', (message: ThreadReady<R> | Reply) => {
      if ('ready' in message) {
        if (!message.ready) {
          fail(errors.notReady(message as Record<string, unknown> & { message: string }));
          void worker.terminate();
          return;
        }
        const { ready: _ready, ...reported } = message;
        const thread: EmbeddingThread = {
          embed(texts) {
            if (dead) return Promise.reject(dead);
            const id = nextId++;
            if (pending.size === 0) worker.ref();
            return new Promise<Float32Array[]>((res, rej) => {
              pending.set(id, { resolve: res, reject: rej });
              worker.postMessage({ id, texts });
            });
          },
          async dispose() {
            dead ??= new Error(errors.closed);
            await worker.terminate();
          },
        };
        resolve({ reported: reported as unknown as R, thread });
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (pending.size === 0) worker.unref();
      if (message.ok) waiter?.resolve(message.vectors);
      else waiter?.reject(new Error(message.message));
    });
  });
}
