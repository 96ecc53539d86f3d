// Test fixture: writes a tiny but real BERT-shaped cross-encoder (BertForSequenceClassification config, the tiny
// WordPiece tokenizer and an ONNX graph with a `logits` output) so CrossEncoderReranker runs end to end through
// transformers.js and ONNX Runtime with no download. Its relevance is a formula a test can compute by hand.
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { TINY_BERT_VOCAB, writeTinyBertModel } from './tiny-bert-model.fixture.js';

const { onnx } = onnxProto;

/** Words that never count as a match: special tokens, punctuation and function words. */
const IGNORED = new Set([
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  ':',
  '.',
  ',',
  'the',
  'a',
  'on',
  'in',
  'for',
  'this',
]);

/** What each `[SEP]` the model sees adds to the logit; a pair that kept both separators gets twice this. */
export const TINY_CROSS_ENCODER_SEP_BONUS = 0.25;

/** Options of {@link writeTinyCrossEncoder}. */
export interface TinyCrossEncoderOptions {
  /** Logits per pair: 1 (relevance), 2 (not relevant, relevant) or more (not a reranker). Default 1. */
  labels?: number;
  /** Tokenizer `model_max_length` and number of position embeddings: a longer input fails. Default 32. */
  maxLength?: number;
}

/**
 * Writes `<dir>/config.json`, the tokenizer files and `onnx/model.onnx` of a cross-encoder whose relevance
 * logit is: the number of passage tokens (type 1) that also occur in the query (type 0), counting only content
 * words (see {@link IGNORED}), plus {@link TINY_CROSS_ENCODER_SEP_BONUS} per `[SEP]`. Padding (attention mask
 * 0) never counts. A position-embedding lookup makes inputs longer than `maxLength` fail, as a real BERT does.
 * With two labels the logits are `[-x/2, x/2]`, so the positive class's log-odds equal the one-label logit.
 */
export function writeTinyCrossEncoder(dir: string, options: TinyCrossEncoderOptions = {}): void {
  const labels = options.labels ?? 1;
  const maxLength = options.maxLength ?? 32;
  writeTinyBertModel(dir);
  const write = (name: string, value: unknown) =>
    fs.writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2));
  const id2label = Object.fromEntries(Array.from({ length: labels }, (_, i) => [String(i), `LABEL_${i}`]));
  write('config.json', {
    model_type: 'bert',
    architectures: ['BertForSequenceClassification'],
    hidden_size: 8,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    intermediate_size: 16,
    vocab_size: TINY_BERT_VOCAB.length,
    max_position_embeddings: maxLength,
    type_vocab_size: 2,
    pad_token_id: 0,
    id2label,
    label2id: Object.fromEntries(Object.entries(id2label).map(([id, label]) => [label, Number(id)])),
  });
  const tokenizerConfig = JSON.parse(
    fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'),
  ) as object;
  write('tokenizer_config.json', { ...tokenizerConfig, model_max_length: maxLength });
  fs.writeFileSync(path.join(dir, 'onnx', 'model.onnx'), modelBytes(labels, maxLength));
}

function floatTensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: values,
  });
}

function int64Tensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.INT64,
    int64Data: values,
  });
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attribute: onnxProto.onnx.IAttributeProto[] = [],
) {
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name: outputs[0], attribute });
}

function modelBytes(labels: number, maxLength: number): Uint8Array {
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const INT = onnx.AttributeProto.AttributeType.INT;
  const vocabSize = TINY_BERT_VOCAB.length;
  const identity = Array.from({ length: vocabSize * vocabSize }, (_, i) =>
    Math.floor(i / vocabSize) === i % vocabSize ? 1 : 0,
  );
  const contentWeights = TINY_BERT_VOCAB.map((token) => (IGNORED.has(token) ? 0 : 1));
  const sepWeights = TINY_BERT_VOCAB.map((token) => (token === '[SEP]' ? TINY_CROSS_ENCODER_SEP_BONUS : 0));
  const noKeep = { name: 'keepdims', type: INT, i: 0 };
  const keep = { name: 'keepdims', type: INT, i: 1 };
  const head =
    labels === 1
      ? [node('Identity', ['relevance'], ['logits'])]
      : [
          node('Mul', ['relevance', 'minus_half'], ['negative']),
          node('Mul', ['relevance', 'half'], ['positive']),
          node(
            'Concat',
            ['negative', ...Array.from({ length: labels - 1 }, () => 'positive')],
            ['logits'],
            [{ name: 'axis', type: INT, i: 1 }],
          ),
        ];
  const graph = onnx.GraphProto.create({
    name: 'tiny-cross-encoder',
    initializer: [
      floatTensor('one_hot', [vocabSize, vocabSize], identity),
      floatTensor('content_weights', [vocabSize], contentWeights),
      floatTensor('sep_weights', [vocabSize], sepWeights),
      floatTensor('position_embeddings', [maxLength], new Array<number>(maxLength).fill(0)),
      floatTensor('one', [], [1]),
      ...(labels === 1 ? [] : [floatTensor('half', [], [0.5]), floatTensor('minus_half', [], [-0.5])]),
      int64Tensor('axis_seq', [1], [1]),
      int64Tensor('axis_vocab', [1], [2]),
      int64Tensor('seq_dim', [], [1]),
      int64Tensor('zero_i', [], [0]),
      int64Tensor('one_i', [], [1]),
    ],
    node: [
      // Bag of words of each segment: one-hot rows summed over the attended tokens of that segment.
      node('Gather', ['one_hot', 'input_ids'], ['tokens'], [{ name: 'axis', type: INT, i: 0 }]),
      node('Cast', ['attention_mask'], ['mask'], [{ name: 'to', type: INT, i: FLOAT }]),
      node('Cast', ['token_type_ids'], ['types'], [{ name: 'to', type: INT, i: FLOAT }]),
      node('Mul', ['mask', 'types'], ['passage_mask']),
      node('Sub', ['mask', 'passage_mask'], ['query_mask']),
      node('Unsqueeze', ['query_mask', 'axis_vocab'], ['query_mask_3d']),
      node('Unsqueeze', ['passage_mask', 'axis_vocab'], ['passage_mask_3d']),
      node('Mul', ['tokens', 'query_mask_3d'], ['query_tokens']),
      node('Mul', ['tokens', 'passage_mask_3d'], ['passage_tokens']),
      node('ReduceSum', ['query_tokens', 'axis_seq'], ['query_bag'], [noKeep]),
      node('ReduceSum', ['passage_tokens', 'axis_seq'], ['passage_bag'], [noKeep]),
      // Passage occurrences of words present in the query, content words only.
      node('Min', ['query_bag', 'one'], ['in_query']),
      node('Mul', ['in_query', 'passage_bag'], ['matches']),
      node('Mul', ['matches', 'content_weights'], ['content_matches']),
      node('Add', ['query_bag', 'passage_bag'], ['all_bag']),
      node('Mul', ['all_bag', 'sep_weights'], ['separators']),
      node('Add', ['content_matches', 'separators'], ['per_word']),
      node('ReduceSum', ['per_word', 'axis_seq'], ['score'], [keep]),
      // Zero-valued position lookup: adds nothing, but fails like BERT on a sequence past maxLength.
      // (Positions by CumSum, not Range: ORT rewrites Gather-of-Range into a Slice, which never fails.)
      node('Mul', ['input_ids', 'zero_i'], ['zeros']),
      node('Add', ['zeros', 'one_i'], ['ones']),
      node('CumSum', ['ones', 'seq_dim'], ['counts']),
      node('Sub', ['counts', 'one_i'], ['positions']),
      node('Gather', ['position_embeddings', 'positions'], ['position_values']),
      node('ReduceSum', ['position_values'], ['position_sum'], [keep]),
      node('Add', ['score', 'position_sum'], ['relevance']),
      ...head,
    ],
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
      valueInfo('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('logits', FLOAT, ['batch', labels])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'sift-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
