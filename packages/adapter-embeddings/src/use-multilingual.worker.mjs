// Universal Sentence Encoder Multilingual v3 in a worker thread: the JavaScript SentencePiece tokenizer feeds
// the rewritten tf2onnx graph (see use-multilingual-install.ts) through onnxruntime-node, which runs a session
// synchronously on the calling thread — in the main thread a batch would stall the HTTP server. Plain ESM,
// started without the TypeScript loader.
// Protocol (embedding-thread.ts): posts `{ready: true}` or `{ready: false, message}` once, then answers each
// `{id, texts}` with `{id, ok: true, vectors}` (raw, not normalised; transferred) or `{id, ok: false, message}`.
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createUnigramTokenizer } from './sentencepiece-unigram.mjs';

const settings = workerData;

// On Linux niceness belongs to the thread, and ONNX Runtime's threads for this session inherit it.
try {
  if (settings.nice > 0) setPriority(settings.nice);
} catch {
  // Not permitted here: run at the normal priority.
}

let ort;
let session;
let tokenizer;
try {
  ort = (await import('onnxruntime-node')).default;
  tokenizer = createUnigramTokenizer(
    JSON.parse(await readFile(path.join(settings.dir, settings.tokenizer), 'utf8')),
  );
  session = await ort.InferenceSession.create(path.join(settings.dir, settings.graph), {
    ...(settings.threads ? { intraOpNumThreads: settings.threads } : {}),
    // Threads that spin while waiting burn CPU the other lane and extraction need (see transformers.worker.mjs).
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  if (session.inputNames.length !== 2)
    throw new Error(`expected 2 graph inputs, got ${session.inputNames.length}`);
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, message: err instanceof Error ? err.message : String(err) });
}

/**
 * One model call over `texts`: the graph takes the batch ragged — every text's ids in one int32 tensor
 * (BOS … EOS each) and the int64 offsets where each text starts — so nothing is padded.
 */
async function run(texts) {
  const encoded = texts.map((t) => tokenizer.encode(t));
  const splits = new BigInt64Array(encoded.length + 1);
  encoded.forEach((ids, i) => (splits[i + 1] = splits[i] + BigInt(ids.length)));
  const ids = Int32Array.from(encoded.flat());
  const [idsName, splitsName] = session.inputNames;
  const result = await session.run({
    [idsName]: new ort.Tensor('int32', ids, [ids.length]),
    [splitsName]: new ort.Tensor('int64', splits, [splits.length]),
  });
  const output = result[session.outputNames[0]];
  const dim = output.dims[1];
  const vectors = texts.map((_, i) => Float32Array.from(output.data.subarray(i * dim, (i + 1) * dim)));
  output.dispose?.();
  return vectors;
}

parentPort.on('message', async ({ id, texts }) => {
  try {
    const vectors = [];
    // The graph quantises activations with one scale per call, so a text's vector shifts slightly with its
    // batchmates; modelBatch 1 keeps every vector independent of what it was embedded with.
    for (let i = 0; i < texts.length; i += settings.modelBatch) {
      vectors.push(...(await run(texts.slice(i, i + settings.modelBatch))));
    }
    parentPort.postMessage(
      { id, ok: true, vectors },
      vectors.map((v) => v.buffer),
    );
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
