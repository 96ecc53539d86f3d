/** A stored blob, named by the sha256 of its bytes. */
export interface BlobRef {
  sha256: string;
  size: number;
}

/** Bytes to store: a whole buffer or a stream of chunks (a Node Readable is an AsyncIterable). */
export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Content-addressed storage of original files. A blob is written completely or not at all (no reader ever
 * sees half a file), and the same bytes are stored once. Reference counting lives in the MetadataStore, in
 * the same transaction as the documents that use a blob; the BlobStore only holds bytes.
 */
export interface BlobStore {
  /**
   * Streams `source` into the store, hashing on the way. Past `maxBytes` it stops reading, keeps nothing and
   * throws AppError `BLOB_TOO_LARGE` (category user).
   */
  put(source: BlobSource, options?: { maxBytes?: number }): Promise<BlobRef>;
  /** Reads a blob; throws `BLOB_NOT_FOUND` when absent. */
  open(sha256: string): Promise<AsyncIterable<Uint8Array>>;
  /** A path on the local file system holding the blob, for tools that need a file (ffmpeg, LibreOffice). */
  localPath(sha256: string): Promise<string>;
  exists(sha256: string): Promise<boolean>;
  /** Removes a blob; removing an absent blob is not an error. */
  delete(sha256: string): Promise<void>;
  /** Count and total bytes of stored blobs. */
  stats(): Promise<{ count: number; bytes: number }>;
  /** Every stored blob with its size and when it was last written (sweeps of unreferenced bytes). */
  list(): AsyncIterable<{ sha256: string; size: number; modifiedAt: Date }>;
  /** Removes partial writes (of crashed uploads) older than `olderThan`; returns how many. */
  sweepTemp(olderThan: Date): Promise<number>;
}
