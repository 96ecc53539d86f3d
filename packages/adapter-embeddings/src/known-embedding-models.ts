/** How token vectors become one text vector: their attention-masked mean, or the first (`[CLS]`) token's. */
export type TransformersPooling = 'mean' | 'cls';

/** How Sift runs an embedding model it knows, by Hugging Face id. */
export interface KnownEmbeddingModel {
  /** Hugging Face id of the ONNX export Sift loads (`<SIFT_MODELS_DIR>/<id>/`). */
  id: string;
  /** Other ids of the same weights (the original repository, another ONNX export). */
  aliases: readonly string[];
  pooling: TransformersPooling;
  /** Put before every query (bge's retrieval instruction, e5's `query: `). */
  queryPrefix?: string;
  /** Put before every passage (e5's `passage: `). */
  passagePrefix?: string;
  /** Tokens the model was trained on; longer texts are cut there (it would only blur past it). */
  maxTokens: number;
  dimensions: number;
  /** `en`, or `multi` for a model that embeds many languages into one space. */
  languages: 'en' | 'multi';
  /**
   * The hybrid fusion weight (relative fusion, 0 lexical … 1 vector) a new vector space of this model starts
   * with; `sift eval --tune` may replace it per installation.
   */
  defaultHybridAlpha: number;
  /**
   * Whether the int8 export (`onnx/model_quantized.onnx`) keeps SciFact nDCG@10 within 0.01 of fp32: then
   * `SIFT_EMBEDDING_DTYPE=auto` prefers it when both are installed (it embeds faster and takes a quarter of
   * the memory); otherwise fp32 is preferred.
   */
  int8KeepsQuality: boolean;
}

const BGE_QUERY_INSTRUCTION = 'Represent this sentence for searching relevant passages: ';

/**
 * Models whose settings are known: a model chosen by id needs no SIFT_EMBEDDING_POOLING or prefixes. The fusion
 * weights and int8 verdicts of the English models were measured on the shared SciFact train split (see
 * docs/ARCHITECTURE.md); the multilingual ones were not installable here, so theirs follow the English MiniLM.
 */
export const KNOWN_EMBEDDING_MODELS: readonly KnownEmbeddingModel[] = [
  {
    id: 'BAAI/bge-small-en-v1.5',
    aliases: ['Xenova/bge-small-en-v1.5'],
    pooling: 'cls',
    queryPrefix: BGE_QUERY_INSTRUCTION,
    maxTokens: 512,
    dimensions: 384,
    languages: 'en',
    defaultHybridAlpha: 0.5,
    int8KeepsQuality: true,
  },
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    aliases: ['sentence-transformers/all-MiniLM-L6-v2'],
    pooling: 'mean',
    // sentence-transformers' max_seq_length: trained on 128 tokens, usable to 256.
    maxTokens: 256,
    dimensions: 384,
    languages: 'en',
    defaultHybridAlpha: 0.4,
    int8KeepsQuality: true,
  },
  {
    id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    aliases: ['sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2'],
    pooling: 'mean',
    maxTokens: 128,
    dimensions: 384,
    languages: 'multi',
    defaultHybridAlpha: 0.4,
    int8KeepsQuality: false,
  },
  {
    id: 'Xenova/multilingual-e5-small',
    aliases: ['intfloat/multilingual-e5-small'],
    pooling: 'mean',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    maxTokens: 512,
    dimensions: 384,
    languages: 'multi',
    defaultHybridAlpha: 0.4,
    int8KeepsQuality: false,
  },
];

/**
 * The models `SIFT_EMBEDDER=auto` looks for, best first: bge-small (the best English retrieval of the small
 * models), all-MiniLM-L6-v2 (half its layers: faster, a little weaker), then the multilingual ones.
 */
export const AUTO_EMBEDDING_MODELS: readonly string[] = KNOWN_EMBEDDING_MODELS.map((m) => m.id);

/** The known settings of a model id (or alias, any case); undefined for a model Sift has no preset for. */
export function knownEmbeddingModel(id: string): KnownEmbeddingModel | undefined {
  const wanted = id.toLowerCase();
  return KNOWN_EMBEDDING_MODELS.find(
    (m) => m.id.toLowerCase() === wanted || m.aliases.some((a) => a.toLowerCase() === wanted),
  );
}
