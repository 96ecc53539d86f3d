// A transformers.js feature-extraction model in a worker thread. ONNX Runtime's Node binding runs a session
// synchronously on the thread that calls it, and tokenizing is plain JavaScript: in the main thread a batch of
// passages would stall the HTTP server for the second or more it takes. Plain ESM, started without the
// TypeScript loader (everything it imports is JavaScript).
// Protocol: posts `{ready: true, dimensions}` or `{ready: false, stage: 'load' | 'probe', name, message}` once,
// then answers each `{id, texts}` with `{id, ok: true, vectors}` (Float32Arrays, transferred) or
// `{id, ok: false, message}`. Texts arrive with their prefixes; the caller batches them by length.
import path from 'node:path';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

const settings = workerData;

// On Linux niceness belongs to the thread, and the threads ONNX Runtime starts for this session inherit it:
// the lane embedding passages at ingest yields the CPU to the one embedding queries (and to the HTTP thread).
try {
  if (settings.nice > 0) setPriority(settings.nice);
} catch {
  // Not permitted here: run at the normal priority.
}

/** fetch that gives up when response headers do not come in time: an unreachable hub fails fast. */
function fetchWithConnectTimeout(timeoutMs) {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`no response within ${timeoutMs} ms from ${String(input)}`)),
      timeoutMs,
    );
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await fetch(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
  };
}

/** One vector per row of `hidden` [batch, seq, width]: the `[CLS]` row, or the mean of unmasked tokens. */
function pool(hidden, mask, pooling, normalize) {
  const [rows, seq, width] = hidden.dims;
  const data = hidden.data;
  const vectors = [];
  for (let r = 0; r < rows; r++) {
    const v = new Float32Array(width);
    if (pooling === 'cls') {
      v.set(data.subarray(r * seq * width, r * seq * width + width));
    } else {
      let count = 0;
      for (let t = 0; t < seq; t++) {
        if (Number(mask[r * seq + t]) === 0) continue;
        count++;
        const offset = (r * seq + t) * width;
        for (let c = 0; c < width; c++) v[c] += data[offset + c];
      }
      if (count > 0) for (let c = 0; c < width; c++) v[c] /= count;
    }
    if (normalize) {
      let sum = 0;
      for (let c = 0; c < width; c++) sum += v[c] * v[c];
      const norm = Math.sqrt(sum);
      if (norm > 0) for (let c = 0; c < width; c++) v[c] /= norm;
    }
    vectors.push(v);
  }
  return vectors;
}

let extractor;
/** The end token a truncated text must keep, when the tokenizer closes every text with one. */
let endToken = null;

/**
 * transformers.js truncates by dropping everything past the limit, the closing `[SEP]`/`</s>` included; the
 * reference tokenizers keep it (the models never saw a text without one): put it back at the cut. A row that
 * fills the batch without ending in it was cut (every whole text ends in it; padded rows end in padding).
 */
function restoreEndTokens(inputs) {
  if (endToken === null) return;
  const [rows, seq] = inputs.input_ids.dims;
  const ids = inputs.input_ids.data;
  const mask = inputs.attention_mask.data;
  for (let r = 0; r < rows; r++) {
    const last = r * seq + seq - 1;
    if (Number(mask[last]) !== 0 && ids[last] !== endToken) ids[last] = endToken;
  }
}

function tokenize(texts) {
  return extractor.tokenizer(texts, {
    padding: true,
    truncation: true,
    ...(settings.maxTokens ? { max_length: settings.maxTokens } : {}),
  });
}

async function embed(texts) {
  // Called directly rather than through the pipeline, to cut texts at the model's trained length (the
  // tokenizer's own limit is often 512 or none) and to pool in one pass without an intermediate tensor.
  const inputs = tokenize(texts);
  // The model's working memory grows with rows × padded length (and attention with its square), and ONNX
  // Runtime keeps its arena at the largest batch it saw: 64 passages of 1,000 characters took ~570 MB over the
  // loaded model, 4 at a time ~80 MB, and ran no slower. A batch over the token budget runs in slices that fit
  // it (the caller sorted texts by length, so slices pad little); re-tokenizing a slice is cheap beside the model.
  const [rows, seq] = inputs.input_ids.dims;
  if (settings.maxBatchTokens && rows > 1 && rows * seq > settings.maxBatchTokens) {
    const slice = Math.max(1, Math.floor(settings.maxBatchTokens / seq));
    const vectors = [];
    for (let i = 0; i < texts.length; i += slice) vectors.push(...(await embed(texts.slice(i, i + slice))));
    return vectors;
  }
  restoreEndTokens(inputs);
  const outputs = await extractor.model(inputs);
  // Exports name the token states differently (older ones `output_0`): else the first [batch, seq, width].
  const hidden =
    outputs.last_hidden_state ??
    outputs.token_embeddings ??
    Object.values(outputs).find((tensor) => tensor.dims?.length === 3);
  if (!hidden) throw new Error(`no token states among the outputs ${Object.keys(outputs).join(', ')}`);
  try {
    return pool(hidden, inputs.attention_mask.data, settings.pooling, settings.normalize);
  } finally {
    for (const tensor of Object.values(outputs)) tensor.dispose?.();
  }
}

function failure(stage, err) {
  return {
    ready: false,
    stage,
    name: err instanceof Error ? err.name : 'Error',
    message: err instanceof Error ? err.message : String(err),
  };
}

async function start() {
  try {
    const transformers = await import('@huggingface/transformers');
    const { env } = transformers;
    const modelsDir = path.resolve(settings.modelsDir) + path.sep;
    env.allowLocalModels = true;
    env.localModelPath = modelsDir;
    env.cacheDir = modelsDir;
    env.allowRemoteModels = settings.allowRemoteModels;
    if (settings.remoteHost) env.remoteHost = settings.remoteHost;
    env.fetch = fetchWithConnectTimeout(settings.connectTimeoutMs);
    extractor = await transformers.pipeline('feature-extraction', settings.model, {
      device: 'cpu',
      local_files_only: !settings.allowRemoteModels,
      ...(settings.dtype ? { dtype: settings.dtype } : {}),
      session_options: {
        ...(settings.threads ? { intraOpNumThreads: settings.threads } : {}),
        // ONNX Runtime's threads spin while they wait for work by default: on a box shared with extraction,
        // SQLite, the other lane and other processes that burns CPU for nothing (measured: 5.1 → 7.0 texts per
        // CPU-second for bge-small int8 with two threads when they sleep instead).
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      },
    });
  } catch (err) {
    return failure('load', err);
  }
  try {
    const { sep_token_id: sep } = extractor.tokenizer;
    if (sep !== undefined && sep !== null) {
      const ids = tokenize(['a']).input_ids.data;
      if (ids[ids.length - 1] === BigInt(sep)) endToken = BigInt(sep);
    }
    // The dimension is what the model outputs (a Dense head may differ from config.hidden_size): ask it once.
    const [probe] = await embed(['dimension probe']);
    return { ready: true, dimensions: probe.length };
  } catch (err) {
    await extractor.dispose();
    return failure('probe', err);
  }
}

parentPort.postMessage(await start());

parentPort.on('message', async ({ id, texts }) => {
  try {
    const vectors = await embed(texts);
    parentPort.postMessage(
      { id, ok: true, vectors },
      vectors.map((v) => v.buffer),
    );
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
