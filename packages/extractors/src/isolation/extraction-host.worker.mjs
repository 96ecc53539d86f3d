// One extraction thread: builds a DocumentExtractor from a factory module named by the parent (a TypeScript
// module, hence the tsx loader) and runs extractions it is sent, one at a time. Driven by extraction-thread.ts,
// which describes the protocol. Parsers run here so that a pathological file stalls this thread, never the
// process's event loop, and the parent can terminate it after its time limit.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

// On Linux niceness belongs to the thread: extraction yields the CPU to the HTTP thread, and the threads and
// programs this one starts (OCR, converters) inherit it.
try {
  if (workerData.nice > 0) setPriority(workerData.nice);
} catch {
  // Not permitted here: run at the normal priority.
}

function describe(err) {
  if (err === null || typeof err !== 'object') return { name: 'Error', message: String(err) };
  return {
    name: err.name ?? 'Error',
    message: err.message ?? String(err),
    stack: err.stack,
    code: typeof err.code === 'string' ? err.code : undefined,
    category: err.category,
    details: err.details,
    retryable: err.retryable,
    interrupted: err.interrupted,
  };
}

let extractor;
try {
  const { register } = await import('tsx/esm/api');
  register();
  const factory = await import(workerData.module);
  extractor = await factory[workerData.factory](workerData.options);
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: describe(err) });
}

const controllers = new Map();

parentPort.on('message', async (message) => {
  if (message.type === 'abort') {
    controllers
      .get(message.id)
      ?.abort(Object.assign(new Error('extraction aborted'), { name: 'AbortError' }));
    return;
  }
  if (message.type === 'close') {
    await extractor?.close?.().catch(() => undefined);
    parentPort.close();
    return;
  }
  const { id, input } = message;
  const controller = new AbortController();
  controllers.set(id, controller);
  try {
    const result = await extractor.extract({
      ...input,
      signal: controller.signal,
      onProgress: (fraction) => parentPort.postMessage({ type: 'progress', id, fraction }),
    });
    parentPort.postMessage({ type: 'result', id, result });
  } catch (err) {
    parentPort.postMessage({ type: 'error', id, error: describe(err) });
  } finally {
    controllers.delete(id);
  }
});
