import path from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import { AppError, type RerankCandidate, type Reranker, type RerankResult } from '@sift/core';
import {
  isLocalPath,
  modelLoadError,
  prepareTransformers,
  type TransformersSource,
} from './transformers-setup.js';
import { batches } from './vector-math.js';

/** Options of {@link CrossEncoderReranker}. */
export interface CrossEncoderRerankerOptions extends TransformersSource {
  /**
   * Hugging Face id of an ONNX sequence-classification export (default `Xenova/ms-marco-MiniLM-L-6-v2`), looked
   * up as `<modelsDir>/<id>/…`, or the path of a local model directory.
   */
  model?: string;
  /** (query, passage) pairs per inference call (default 16): a batch is padded to its longest pair. */
  batchSize?: number;
  /** Tokens per pair (default: the tokenizer's `model_max_length`, else 512); longer pairs are cut. */
  maxLength?: number;
  /**
   * Whether scores are the sigmoid of the relevance logit, in (0, 1) (default true), or the raw logit. The
   * order is the same either way.
   */
  sigmoid?: boolean;
}

/** Default model of {@link CrossEncoderReranker}: MiniLM trained on MS MARCO passages, English, 1 logit. */
export const DEFAULT_CROSS_ENCODER_MODEL = 'Xenova/ms-marco-MiniLM-L-6-v2';

type Tokenizer = TransformersModule.PreTrainedTokenizer;
type Model = TransformersModule.PreTrainedModel;

/** One tokenized (query, passage) pair, before padding. */
export interface PairEncoding {
  input_ids: number[];
  attention_mask: number[];
  token_type_ids?: number[];
}

interface Loaded {
  tokenizer: Tokenizer;
  model: Model;
  Tensor: typeof TransformersModule.Tensor;
  maxLength: number;
}

/**
 * A cross-encoder through transformers.js (ONNX Runtime on the CPU): it reads query and passage together and
 * outputs how relevant the passage is, which orders candidates better than comparing separate embeddings. The
 * model loads on first use and stays loaded until {@link close}. transformers.js keeps its settings in one
 * global `env`, so use the same `modelsDir` and download policy as the process's other transformers.js models.
 * Throws `MODEL_MISSING` (system, permanent) when the model is neither local nor downloadable,
 * `MODEL_LOAD_FAILED` when its files are unusable or it is not a one- or two-label classifier, `RERANK_FAILED`
 * when inference fails.
 */
export class CrossEncoderReranker implements Reranker {
  readonly name: string;
  private readonly model: string;
  private readonly batchSize: number;
  private loading: Promise<Loaded> | null = null;

  constructor(private readonly options: CrossEncoderRerankerOptions) {
    this.model = options.model ?? DEFAULT_CROSS_ENCODER_MODEL;
    this.name = `cross-encoder:${isLocalPath(this.model) ? path.basename(path.resolve(this.model)) : this.model}`;
    this.batchSize = options.batchSize ?? 16;
    batches([], this.batchSize); // validates the size now rather than on the first search
  }

  async rerank(
    query: string,
    candidates: RerankCandidate[],
    options: { limit: number; signal?: AbortSignal },
  ): Promise<RerankResult[]> {
    options.signal?.throwIfAborted();
    if (candidates.length === 0 || options.limit <= 0) return [];
    const loaded = await this.load();
    const scored: { id: string; logit: number }[] = [];
    for (const batch of batches(candidates, this.batchSize)) {
      // ONNX Runtime cannot be interrupted mid-inference; a cancelled search stops between batches.
      options.signal?.throwIfAborted();
      const texts = batch.map((candidate) => candidate.text);
      const logits = await this.score(loaded, query, texts).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        throw new AppError('RERANK_FAILED', 'system', `${this.model} could not score passages: ${message}`, {
          details: { model: this.model },
          retryable: false,
          cause: err,
        });
      });
      batch.forEach((candidate, i) => scored.push({ id: candidate.id, logit: logits[i]! }));
    }
    // The sort is stable: equally relevant candidates keep their incoming (fused) order.
    scored.sort((a, b) => b.logit - a.logit);
    const sigmoid = this.options.sigmoid ?? true;
    return scored
      .slice(0, options.limit)
      .map(({ id, logit }) => ({ id, score: sigmoid ? 1 / (1 + Math.exp(-logit)) : logit }));
  }

  async close(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    if (!loading) return;
    const loaded = await loading.catch(() => null);
    await loaded?.model.dispose();
  }

  /** The relevance logit of each (query, passage) pair. */
  private async score(loaded: Loaded, query: string, passages: string[]): Promise<number[]> {
    const { tokenizer, Tensor } = loaded;
    const rows = passages.map((passage) => this.encode(loaded, query, passage));
    const width = Math.max(...rows.map((row) => row.input_ids.length));
    const padLeft = tokenizer.padding_side === 'left';
    const tensor = (key: keyof PairEncoding, pad: number) => {
      const flat = rows.flatMap((row) => {
        const values = row[key] ?? row.input_ids.map(() => 0);
        const padding = new Array<number>(width - values.length).fill(pad);
        return padLeft ? [...padding, ...values] : [...values, ...padding];
      });
      return new Tensor('int64', BigInt64Array.from(flat, BigInt), [rows.length, width]);
    };
    const inputs = {
      input_ids: tensor('input_ids', tokenizer.pad_token_id ?? 0),
      attention_mask: tensor('attention_mask', 0),
      ...(rows[0]!.token_type_ids ? { token_type_ids: tensor('token_type_ids', 0) } : {}),
    };
    const output = (await loaded.model(inputs)) as { logits?: TransformersModule.Tensor };
    for (const input of Object.values(inputs)) input.dispose();
    const logits = output.logits;
    if (!logits) throw new Error('the model has no `logits` output: it is not a sequence classifier');
    const [count, labels] = logits.dims as [number, number];
    const data = logits.data as Float32Array;
    logits.dispose();
    // One label is the relevance logit; with two (not relevant, relevant) the log-odds of the second.
    if (labels === 1) return Array.from(data.subarray(0, count));
    if (labels === 2) return Array.from({ length: count }, (_, i) => data[2 * i + 1]! - data[2 * i]!);
    throw new Error(
      `the model outputs ${labels} labels per pair; a cross-encoder outputs 1 (relevance) or 2 (not relevant, relevant)`,
    );
  }

  /** The pair's tokens, cut to the model's length. */
  private encode({ tokenizer, maxLength }: Loaded, query: string, passage: string): PairEncoding {
    const pair = tokenizer(query, { text_pair: passage, return_tensor: false }) as PairEncoding;
    if (pair.input_ids.length <= maxLength) return pair;
    const queryIds = tokenizer.encode(query, { add_special_tokens: false });
    const passageIds = tokenizer.encode(passage, { add_special_tokens: false });
    return truncatePair(pair, queryIds, passageIds, maxLength);
  }

  private load(): Promise<Loaded> {
    this.loading ??= this.loadModel().catch((err: unknown) => {
      this.loading = null; // the model may be put in place later; try again on the next call
      throw err;
    });
    return this.loading;
  }

  private async loadModel(): Promise<Loaded> {
    const { transformers, model, remote } = await prepareTransformers(this.options, this.model);
    let tokenizer: Tokenizer;
    let classifier: Model;
    try {
      // The config first: unlike the tokenizer's loader, its loader reports missing files as missing.
      const config = await transformers.AutoConfig.from_pretrained(model, { local_files_only: !remote });
      tokenizer = await transformers.AutoTokenizer.from_pretrained(model, {
        config,
        local_files_only: !remote,
      }).catch((err: unknown) => {
        // Without tokenizer_config.json transformers.js builds an empty tokenizer and crashes reading it.
        throw err instanceof TypeError ? new Error(`tokenizer_config.json not found: ${err.message}`) : err;
      });
      classifier = await transformers.AutoModelForSequenceClassification.from_pretrained(model, {
        config,
        device: 'cpu',
        local_files_only: !remote,
        ...(this.options.dtype ? { dtype: this.options.dtype as 'fp32' } : {}),
      });
    } catch (err) {
      throw this.loadError(err, remote);
    }
    const modelMax = tokenizer.model_max_length as number;
    // Tokenizer configs without a limit report a huge sentinel (1e30) or none; BERT-sized models take 512.
    const maxLength = this.options.maxLength ?? (modelMax > 0 && modelMax <= 1_000_000 ? modelMax : 512);
    const loaded: Loaded = { tokenizer, model: classifier, Tensor: transformers.Tensor, maxLength };
    try {
      // Score one pair now, so a model that is not a one- or two-label classifier fails at load with a reason.
      await this.score(loaded, 'probe', ['probe']);
      return loaded;
    } catch (err) {
      await classifier.dispose();
      const message = err instanceof Error ? err.message : String(err);
      throw new AppError('MODEL_LOAD_FAILED', 'system', `${this.model} cannot rerank: ${message}`, {
        details: { model: this.model },
        retryable: false,
        cause: err,
      });
    }
  }

  private loadError(err: unknown, remote: boolean): AppError {
    return modelLoadError(err, {
      model: this.model,
      modelsDir: this.options.modelsDir,
      remote,
      files: 'config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx',
    });
  }
}

/**
 * Cuts a pair's encoding to `maxLength` tokens as Hugging Face's `longest_first` does: one token at a time from
 * the end of the longer text, keeping every special token. Plain truncation would cut the closing separator
 * the model was trained with. Falls back to cutting the end when the texts cannot be located in the encoding.
 */
export function truncatePair(
  pair: PairEncoding,
  queryIds: number[],
  passageIds: number[],
  maxLength: number,
): PairEncoding {
  const ids = pair.input_ids;
  const total = ids.length;
  const matchesAt = (part: number[], at: number) => part.every((id, i) => ids[at + i] === id);
  let queryStart = 0;
  while (queryStart + queryIds.length <= total && !matchesAt(queryIds, queryStart)) queryStart++;
  let passageStart = total - passageIds.length;
  while (passageStart >= 0 && !matchesAt(passageIds, passageStart)) passageStart--;
  const queryEnd = queryStart + queryIds.length;
  const specials = total - queryIds.length - passageIds.length;
  const keepIndex =
    queryEnd > total || passageStart < queryEnd || specials >= maxLength
      ? (i: number) => i < maxLength
      : longestFirst(queryStart, queryIds.length, passageStart, passageIds.length, total - maxLength);
  const pick = (values: number[]) => values.filter((_, i) => keepIndex(i));
  return {
    input_ids: pick(ids),
    attention_mask: pick(pair.attention_mask),
    ...(pair.token_type_ids ? { token_type_ids: pick(pair.token_type_ids) } : {}),
  };
}

function longestFirst(
  queryStart: number,
  queryLength: number,
  passageStart: number,
  passageLength: number,
  overflow: number,
): (i: number) => boolean {
  let keepQuery = queryLength;
  let keepPassage = passageLength;
  for (let cut = 0; cut < overflow; cut++) {
    if (keepPassage >= keepQuery) keepPassage--;
    else keepQuery--;
  }
  return (i) =>
    !(i >= queryStart + keepQuery && i < queryStart + queryLength) &&
    !(i >= passageStart + keepPassage && i < passageStart + passageLength);
}
