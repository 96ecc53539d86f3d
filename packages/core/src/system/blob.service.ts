import { AppError } from '../errors.js';
import type { BlobRef, BlobSource, BlobStore } from '../ports/blob-store.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import { KeyedMutex } from './keyed-mutex.js';

/**
 * Stores bytes once per content and deletes them only when the last reference is gone. Work on one hash is
 * serialised so a delete cannot race an upload of the same bytes (single writer process: the server).
 */
export class BlobService {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly blobs: BlobStore,
    private readonly metadata: MetadataStore,
  ) {}

  /** Stores the bytes (deduplicated) and takes a reference on them. */
  async store(source: BlobSource, options: { maxBytes?: number } = {}): Promise<BlobRef & { refs: number }> {
    const ref = await this.blobs.put(source, options);
    const refs = await this.locks.run(ref.sha256, async () => {
      // A release of the same content may have deleted the bytes between our put and this lock. The stream is
      // spent, so the caller must send it again; this is rare enough not to buffer every upload for it.
      if (!(await this.blobs.exists(ref.sha256))) {
        throw new AppError(
          'BLOB_CONFLICT',
          'conflict',
          'the same content was deleted while it was stored; retry',
          {
            retryable: true,
            details: { sha256: ref.sha256 },
          },
        );
      }
      return this.metadata.retainBlob(ref.sha256, ref.size);
    });
    return { ...ref, refs };
  }

  /** Drops a reference; the bytes go when nothing refers to them any more. Returns the remaining count. */
  release(sha256: string): Promise<number> {
    return this.locks.run(sha256, async () => {
      const left = await this.metadata.releaseBlob(sha256);
      if (left === 0) await this.blobs.delete(sha256);
      return left;
    });
  }
}
