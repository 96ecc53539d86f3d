import type * as TransformersModule from '@huggingface/transformers';
import { AppError } from '@sift/core';
import { modelLoadError, prepareTransformers, type TransformersSource } from './transformers-setup.js';

/** What {@link CrossEncoderScorer.load} needs: where the model is, and which one. Plain data (crosses threads). */
export interface CrossEncoderScorerOptions extends TransformersSource {
  /** Hugging Face id of an ONNX sequence-classification export, or the path of a local model directory. */
  model: string;
  /** Tokens per pair (default: the tokenizer's `model_max_length`, else 512); longer pairs are cut. */
  maxLength?: number;
}

type Tokenizer = TransformersModule.PreTrainedTokenizer;
type Model = TransformersModule.PreTrainedModel;

/** One tokenized (query, passage) pair, before padding. */
export interface PairEncoding {
  input_ids: number[];
  attention_mask: number[];
  token_type_ids?: number[];
}

/**
 * A loaded cross-encoder: scores (query, passage) pairs with transformers.js (ONNX Runtime on the CPU). It
 * runs wherever it is loaded; {@link CrossEncoderReranker} loads it in a worker thread of its own so that
 * inference never stalls the event loop. transformers.js keeps its settings in one global `env`, which is one
 * more reason to give it a thread.
 */
export class CrossEncoderScorer {
  private constructor(
    private readonly model: string,
    private readonly tokenizer: Tokenizer,
    private readonly classifier: Model,
    private readonly Tensor: typeof TransformersModule.Tensor,
    private readonly maxLength: number,
  ) {}

  /**
   * Loads the model and scores one probe pair, so a model that is not a one- or two-label classifier fails
   * here. Throws `MODEL_MISSING` (neither local nor downloadable) or `MODEL_LOAD_FAILED` (unusable files, not
   * a reranker), both system and permanent.
   */
  static async load(options: CrossEncoderScorerOptions): Promise<CrossEncoderScorer> {
    const { transformers, model, remote } = await prepareTransformers(options, options.model);
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
        ...(options.dtype ? { dtype: options.dtype as 'fp32' } : {}),
      });
    } catch (err) {
      throw modelLoadError(err, {
        model: options.model,
        modelsDir: options.modelsDir,
        remote,
        files: 'config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx',
      });
    }
    const modelMax = tokenizer.model_max_length as number;
    // Tokenizer configs without a limit report a huge sentinel (1e30) or none; BERT-sized models take 512.
    const maxLength = options.maxLength ?? (modelMax > 0 && modelMax <= 1_000_000 ? modelMax : 512);
    const scorer = new CrossEncoderScorer(
      options.model,
      tokenizer,
      classifier,
      transformers.Tensor,
      maxLength,
    );
    try {
      await scorer.logits('probe', ['probe']);
      return scorer;
    } catch (err) {
      await classifier.dispose();
      const message = err instanceof Error ? err.message : String(err);
      throw new AppError('MODEL_LOAD_FAILED', 'system', `${options.model} cannot rerank: ${message}`, {
        details: { model: options.model },
        retryable: false,
        cause: err,
      });
    }
  }

  /** The relevance logit of each (query, passage) pair, in one inference call. Throws `RERANK_FAILED`. */
  async score(query: string, passages: string[]): Promise<number[]> {
    try {
      return await this.logits(query, passages);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new AppError('RERANK_FAILED', 'system', `${this.model} could not score passages: ${message}`, {
        details: { model: this.model },
        retryable: false,
        cause: err,
      });
    }
  }

  async dispose(): Promise<void> {
    await this.classifier.dispose();
  }

  private async logits(query: string, passages: string[]): Promise<number[]> {
    const { tokenizer, Tensor } = this;
    const rows = passages.map((passage) => this.encode(query, passage));
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
    const output = (await this.classifier(inputs)) as { logits?: TransformersModule.Tensor };
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
  private encode(query: string, passage: string): PairEncoding {
    const { tokenizer, maxLength } = this;
    const pair = tokenizer(query, { text_pair: passage, return_tensor: false }) as PairEncoding;
    if (pair.input_ids.length <= maxLength) return pair;
    const queryIds = tokenizer.encode(query, { add_special_tokens: false });
    const passageIds = tokenizer.encode(passage, { add_special_tokens: false });
    return truncatePair(pair, queryIds, passageIds, maxLength);
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
