/** A SentencePiece unigram model as use-multilingual-install.ts writes it. */
export interface UnigramModelJson {
  normalizer: string;
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  /** [piece, score, type]: type 1 normal, 2 unknown, 3 control, 4 user-defined. */
  pieces: [string, number, number][];
}

export interface UnigramTokenizer {
  /** The text as the model sees it: normalised, words marked with "▁". */
  normalize(text: string): string;
  /** Piece ids of `text`, between BOS and EOS unless `bosEos` is false. */
  encode(text: string, options?: { bosEos?: boolean }): number[];
}

export function createUnigramTokenizer(model: UnigramModelJson): UnigramTokenizer;
