// A cross-encoder in a worker thread: ONNX Runtime scores a batch of (query, passage) pairs for tens to
// hundreds of milliseconds, and tokenizing them is synchronous JavaScript; here neither stalls the HTTP server
// or the searches waiting on the event loop, and the searching thread can stop waiting when its time budget
// runs out. Plain ESM that registers tsx, because the scorer it runs is TypeScript.
// Protocol (driven by cross-encoder-thread.ts): posts `{type: 'ready'}` or `{type: 'failed', error}` once, then
// answers each `{id, query, passages}` with `{id, ok: true, logits}` or `{id, ok: false, error}`, one request at
// a time in arrival order, unless `{cancel: id}` came first.
import { parentPort, workerData } from 'node:worker_threads';

/** An error as plain data: an AppError's code, category, details and retryability survive the crossing. */
function describe(err) {
  if (err === null || typeof err !== 'object') return { message: String(err) };
  return {
    message: err.message ?? String(err),
    code: typeof err.code === 'string' ? err.code : undefined,
    category: err.category,
    details: err.details,
    retryable: err.retryable,
  };
}

let scorer;
try {
  const { register } = await import('tsx/esm/api');
  register();
  const { CrossEncoderScorer } = await import(new URL('./cross-encoder.scorer.ts', import.meta.url).href);
  scorer = await CrossEncoderScorer.load(workerData.options);
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: describe(err) });
}

// One inference at a time: concurrent ONNX runs would only split the same cores and finish later each. A
// request the parent gave up on (`{cancel: id}`: its search ran out of time) is skipped if it has not started.
let queue = Promise.resolve();
const cancelled = new Set();
parentPort.on('message', (message) => {
  if (message.cancel !== undefined) {
    cancelled.add(message.cancel);
    return;
  }
  const { id, query, passages } = message;
  queue = queue.then(async () => {
    // Ids rise in arrival order: cancellations of earlier requests are settled, and forgotten.
    for (const old of cancelled) if (old < id) cancelled.delete(old);
    if (cancelled.has(id)) return;
    try {
      const logits = Float64Array.from(await scorer.score(query, passages));
      if (!cancelled.has(id)) parentPort.postMessage({ id, ok: true, logits }, [logits.buffer]);
    } catch (err) {
      if (!cancelled.has(id)) parentPort.postMessage({ id, ok: false, error: describe(err) });
    }
  });
});
