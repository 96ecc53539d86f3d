import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { concat, encodeBytes, encodeVarint, fieldOf, readFields, stringOf } from './protobuf-wire.js';
import { rewriteUseMultilingualGraph, sentencePieceToJson } from './use-multilingual-install.js';

const IDS = 'tok:0';
const SPLITS = 'tok:1';

/** A fixed32 float field (wire type 5; one key byte for the small field numbers used here). */
function float32(field: number, value: number): Uint8Array {
  const b = Buffer.alloc(5);
  b[0] = (field << 3) | 5;
  b.writeFloatLE(value, 1);
  return b;
}

/** A SentencePiece ModelProto with three pieces and an nmt_nfkc normaliser. */
function tinySentencePiece(): Uint8Array {
  const piece = (text: string, score: number, type: number) =>
    encodeBytes(1, concat([encodeBytes(1, text), float32(2, score), encodeVarint(3, type)]));
  return concat([
    piece('<unk>', 0, 2),
    piece('▁', -3.25, 1),
    piece('a', -4.5, 1),
    encodeBytes(2, encodeVarint(3, 1)), // trainer_spec.model_type = UNIGRAM
    encodeBytes(3, concat([encodeBytes(1, 'nmt_nfkc'), encodeVarint(3, 1), encodeVarint(4, 0)])),
  ]);
}

function valueInfo(name: string, elemType: number): Uint8Array {
  const shape = encodeBytes(1, encodeBytes(2, 'n'));
  return concat([
    encodeBytes(1, name),
    encodeBytes(2, encodeBytes(1, concat([encodeVarint(1, elemType), encodeBytes(2, shape)]))),
  ]);
}

function node(op: string, inputs: string[], outputs: string[], extra: Uint8Array[] = []): Uint8Array {
  return concat([
    ...inputs.map((i) => encodeBytes(1, i)),
    ...outputs.map((o) => encodeBytes(2, o)),
    encodeBytes(4, op),
    ...extra,
  ]);
}

/**
 * The shape of the tf2onnx export in miniature: a string input tokenised by the contrib op (with its model as
 * an attribute), whose ids and row splits the rest of the graph reads (here: Identity nodes to the outputs).
 */
function tinyGraph(): Uint8Array {
  const attr = encodeBytes(
    5,
    concat([encodeBytes(1, 'model'), encodeBytes(4, tinySentencePiece()), encodeVarint(20, 3)]),
  );
  const graph = concat([
    encodeBytes(
      1,
      node(
        'SentencepieceTokenizer',
        ['inputs', 'alpha'],
        [IDS, SPLITS],
        [attr, encodeBytes(7, 'ai.onnx.contrib')],
      ),
    ),
    // A constant only the tokenizer reads (tf2onnx's op settings): float32 scalar, dims omitted.
    encodeBytes(5, concat([encodeVarint(2, 1), encodeBytes(8, 'alpha'), encodeBytes(9, Buffer.alloc(4))])),
    encodeBytes(1, node('Identity', [IDS], ['ids_out'])),
    encodeBytes(1, node('Identity', [SPLITS], ['splits_out'])),
    encodeBytes(2, 'tiny'),
    encodeBytes(11, valueInfo('inputs', 8)),
    encodeBytes(12, valueInfo('ids_out', 6)),
    encodeBytes(12, valueInfo('splits_out', 7)),
  ]);
  const opset = (domain: string, version: number) =>
    encodeBytes(8, concat([encodeBytes(1, domain), encodeVarint(2, version)]));
  return concat([encodeVarint(1, 7), opset('', 12), opset('ai.onnx.contrib', 1), encodeBytes(7, graph)]);
}

describe('rewriteUseMultilingualGraph', () => {
  it('cuts the SentencePiece node out and feeds its outputs as graph inputs that ONNX Runtime runs', async () => {
    const { onnx, sentencepiece, inputs } = rewriteUseMultilingualGraph(tinyGraph());
    expect(inputs).toEqual({ ids: IDS, rowSplits: SPLITS });
    expect(Buffer.from(sentencepiece).equals(Buffer.from(tinySentencePiece()))).toBe(true);
    const opsets = readFields(onnx)
      .filter((f) => f.field === 8)
      .map((f) => stringOf(readFields(f.data), 1));
    expect(opsets).toEqual(['']);
    const graph = readFields(fieldOf(readFields(onnx), 7)!.data);
    expect(graph.filter((f) => f.field === 5)).toEqual([]);

    const session = await ort.InferenceSession.create(onnx);
    expect(session.inputNames).toEqual([IDS, SPLITS]);
    const out = await session.run({
      [IDS]: new ort.Tensor('int32', Int32Array.from([1, 7, 2, 1, 2]), [5]),
      [SPLITS]: new ort.Tensor('int64', BigInt64Array.from([0n, 3n, 5n]), [3]),
    });
    expect(Array.from(out.ids_out!.data as Int32Array)).toEqual([1, 7, 2, 1, 2]);
    expect(Array.from(out.splits_out!.data as BigInt64Array)).toEqual([0n, 3n, 5n]);
  });

  it('refuses a graph without the tokenizer op rather than leave a string input nobody feeds', () => {
    const graph = encodeBytes(7, encodeBytes(1, node('Identity', ['x'], ['y'])));
    expect(() => rewriteUseMultilingualGraph(graph)).toThrow(/SentencepieceTokenizer/);
    expect(() => rewriteUseMultilingualGraph(encodeVarint(1, 7))).toThrow(/no graph/);
  });
});

describe('sentencePieceToJson', () => {
  it('reads pieces, scores, types and the normaliser flags (absent flags default to true)', () => {
    const json = sentencePieceToJson(tinySentencePiece());
    expect(json).toEqual({
      modelType: 'unigram',
      normalizer: 'nmt_nfkc',
      addDummyPrefix: true,
      removeExtraWhitespaces: false,
      pieces: [
        ['<unk>', 0, 2],
        ['▁', -3.25, 1],
        ['a', -4.5, 1],
      ],
    });
    expect(fieldOf(readFields(tinySentencePiece()), 1)).toBeDefined();
  });

  it('refuses a BPE model', () => {
    expect(() => sentencePieceToJson(encodeBytes(2, encodeVarint(3, 2)))).toThrow(/not unigram/);
  });
});
