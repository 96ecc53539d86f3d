// Test fixture: writes a tiny but real BERT-shaped feature-extraction model (config, WordPiece tokenizer and an
// ONNX graph) so TransformersEmbedder runs end to end through transformers.js and ONNX Runtime with no download.
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Hidden size of the fixture model: the dimension of its embeddings. */
export const TINY_BERT_HIDDEN = 8;

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  'query',
  'passage',
  ':',
  'the',
  'cat',
  'sat',
  'on',
  'mat',
  'dog',
  'ran',
  'in',
  'park',
  'a',
  'search',
  'engine',
  'finds',
  'documents',
  'represent',
  'this',
  'sentence',
  'for',
  'searching',
  'relevant',
  'passages',
  '.',
  ',',
];

/** Every word the tokenizer knows; anything else becomes `[UNK]`. */
export const TINY_BERT_VOCAB: readonly string[] = [...SPECIAL, ...WORDS];

/**
 * Writes `<dir>/config.json`, `tokenizer.json`, `tokenizer_config.json` and `onnx/model.onnx`. The graph is
 * BERT's interface without the layers: token + type embeddings (Gather), plus the attention-masked mean of the
 * sequence added to every position (a stand-in for attention: the `[CLS]` state depends on the whole text and
 * padding never influences real tokens), out as `last_hidden_state` [batch, seq, hidden]. The `[PAD]` row is
 * large so pooling that forgot the attention mask would visibly change the vector.
 */
export function writeTinyBertModel(dir: string): void {
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const vocab = Object.fromEntries(TINY_BERT_VOCAB.map((token, id) => [token, id]));
  const write = (name: string, value: unknown) =>
    fs.writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2));

  write('config.json', {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: TINY_BERT_HIDDEN,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    intermediate_size: 16,
    vocab_size: TINY_BERT_VOCAB.length,
    max_position_embeddings: 64,
    type_vocab_size: 2,
    pad_token_id: 0,
  });
  write('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 64,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  });
  write('tokenizer.json', tokenizerJson(vocab));
  fs.writeFileSync(path.join(dir, 'onnx', 'model.onnx'), modelBytes());
}

function tokenizerJson(vocab: Record<string, number>) {
  const special = (token: string) => ({ id: token, ids: [vocab[token]], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({
      id: vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

/** Deterministic, distinct embedding rows (no two tokens share a direction), each value within ±scale. */
function embeddingTable(rows: number, seed: number, scale: number): number[] {
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < TINY_BERT_HIDDEN; c++) values.push(Math.sin(seed + r * 12.9898 + c * 78.233) * scale);
  }
  return values;
}

/** Word embeddings whose `[PAD]` row (id 0) is far larger than any other. */
function wordEmbeddings(): number[] {
  const values = embeddingTable(TINY_BERT_VOCAB.length, 1, 2);
  values.fill(25, 0, TINY_BERT_HIDDEN);
  return values;
}

function floatTensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: values,
  });
}

function int64Tensor(name: string, values: number[]) {
  return onnx.TensorProto.create({
    name,
    dims: [values.length],
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
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
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

function modelBytes(): Uint8Array {
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const INT = onnx.AttributeProto.AttributeType.INT;
  const keepDims = { name: 'keepdims', type: INT, i: 1 };
  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    initializer: [
      floatTensor('word_embeddings', [TINY_BERT_VOCAB.length, TINY_BERT_HIDDEN], wordEmbeddings()),
      floatTensor('token_type_embeddings', [2, TINY_BERT_HIDDEN], embeddingTable(2, 7, 0.2)),
      int64Tensor('axis_hidden', [2]),
      int64Tensor('axis_seq', [1]),
    ],
    node: [
      node('Gather', ['word_embeddings', 'input_ids'], ['words'], [{ name: 'axis', type: INT, i: 0 }]),
      node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types']),
      node('Add', ['words', 'types'], ['embedded']),
      node('Cast', ['attention_mask'], ['mask_float'], [{ name: 'to', type: INT, i: FLOAT }]),
      node('Unsqueeze', ['mask_float', 'axis_hidden'], ['mask']),
      node('Mul', ['embedded', 'mask'], ['masked']),
      node('ReduceSum', ['masked', 'axis_seq'], ['summed'], [keepDims]),
      node('ReduceSum', ['mask', 'axis_seq'], ['count'], [keepDims]),
      node('Div', ['summed', 'count'], ['context']),
      node('Add', ['embedded', 'context'], ['last_hidden_state']),
    ],
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
      valueInfo('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', TINY_BERT_HIDDEN])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'sift-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
