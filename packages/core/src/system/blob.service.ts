import type { BlobRef, BlobSource, BlobStore } from '../ports/blob-store.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import { KeyedMutex } from './keyed-mutex.js';

/**
 * The lifecycle of stored bytes. References are taken by the rows that use a blob (a document insert retains
 * its blob in the same transaction); bytes are deleted only when no reference is left. Everything that
 * decides on one hash runs under that hash's lock, so a delete cannot race an upload of the same bytes
 * (within the single process that accepts uploads and deletes: the server).
 */
export class BlobService {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly blobs: BlobStore,
    private readonly metadata: MetadataStore,
  ) {}

  /** Stores the bytes (deduplicated) without taking a reference; follow with `locked` + a retaining insert. */
  put(source: BlobSource, options: { maxBytes?: number } = {}): Promise<BlobRef> {
    return this.blobs.put(source, options);
  }

  /** A local file holding the bytes (for detectors and extractors that need a path). */
  localPath(sha256: string): Promise<string> {
    return this.blobs.localPath(sha256);
  }

  /** Runs `fn` while holding the lock of one hash. */
  locked<T>(sha256: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(sha256, fn);
  }

  /** Deletes the bytes of a blob nothing refers to; call it while holding the hash's lock. */
  async discardIfUnreferencedLocked(sha256: string): Promise<boolean> {
    if ((await this.metadata.blobRefCount(sha256)) > 0) return false;
    await this.blobs.delete(sha256);
    return true;
  }

  /** Deletes the bytes of each blob that nothing refers to any more. */
  async collect(sha256s: Iterable<string>): Promise<number> {
    let deleted = 0;
    for (const sha of new Set(sha256s)) {
      if (await this.locked(sha, () => this.discardIfUnreferencedLocked(sha))) deleted += 1;
    }
    return deleted;
  }

  /** Stores bytes and takes one reference outside any document (tools, tests of the data dir). */
  async store(source: BlobSource, options: { maxBytes?: number } = {}): Promise<BlobRef & { refs: number }> {
    const ref = await this.put(source, options);
    const refs = await this.locked(ref.sha256, async () => {
      // A concurrent collect may have removed the bytes after our put: write them again from the ref.
      if (!(await this.blobs.exists(ref.sha256)) && source instanceof Uint8Array)
        await this.blobs.put(source);
      return this.metadata.retainBlob(ref.sha256, ref.size);
    });
    return { ...ref, refs };
  }

  /** Drops a reference taken with `store`; the bytes go with the last one. Returns the remaining count. */
  release(sha256: string): Promise<number> {
    return this.locked(sha256, async () => {
      const left = await this.metadata.releaseBlob(sha256);
      if (left === 0) await this.blobs.delete(sha256);
      return left;
    });
  }
}
