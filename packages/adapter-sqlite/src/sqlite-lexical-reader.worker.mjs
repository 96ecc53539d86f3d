// One lexical reader thread: opens its own connection to the SQLite file (WAL: it reads committed data while
// the main connection writes) and answers SqliteLexicalIndex.search calls posted by sqlite-lexical-reader.ts,
// one at a time. The adapter is TypeScript, hence the tsx loader.
import { parentPort, workerData } from 'node:worker_threads';

function describe(err) {
  if (err === null || typeof err !== 'object') return { name: 'Error', message: String(err) };
  return {
    name: err.name ?? 'Error',
    message: err.message ?? String(err),
    code: typeof err.code === 'string' ? err.code : undefined,
    category: err.category,
    details: err.details,
    retryable: err.retryable,
  };
}

let index;
try {
  const { register } = await import('tsx/esm/api');
  register();
  const adapter = await import(new URL('./index.ts', import.meta.url).href);
  const db = adapter.openSqliteDatabase(workerData.file, { lexical: workerData.analysis });
  index = new adapter.SqliteLexicalIndex(db, workerData.index);
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: describe(err) });
}

parentPort.on('message', async (call) => {
  try {
    const hits = await index.search(call.query, call.options);
    parentPort.postMessage({ type: 'result', id: call.id, hits });
  } catch (err) {
    parentPort.postMessage({ type: 'result', id: call.id, error: describe(err) });
  }
});
