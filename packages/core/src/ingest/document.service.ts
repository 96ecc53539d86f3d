import type { Access } from '../auth/access.js';
import { AppError, isAppError } from '../errors.js';
import type { TaskService } from '../jobs/task.service.js';
import type { QueueName, Task } from '../jobs/job.types.js';
import type { BlobSource } from '../ports/blob-store.port.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { ContentDetector } from '../ports/extractor.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { BlobService } from '../system/blob.service.js';
import { checkUserMetadata, normaliseTags } from './document-limits.js';
import type { DocumentFilter, DocumentRecord, Page } from './document.types.js';
import type { DetectedType, FileCategory } from './extraction.types.js';
import type { SizeLimits } from './formats.js';

/** Where each category's processing runs (the spec: audio high, documents default, images low, archives batch). */
export type CategoryQueues = Record<FileCategory, QueueName>;

/** How long reprocess waits for the task that just finished a document to be marked finished itself. */
const REPROCESS_WAIT_MS = 10_000;
const REPROCESS_POLL_MS = 50;

export const DEFAULT_CATEGORY_QUEUES: CategoryQueues = {
  audio: 'high',
  document: 'default',
  image: 'low',
  archive: 'low',
};

export interface DocumentServiceDeps {
  metadata: MetadataStore;
  blobs: BlobService;
  detector: ContentDetector;
  tasks: TaskService;
  events: EventBus;
  limits: SizeLimits;
  queues: CategoryQueues;
}

/** One file to ingest. */
export interface UploadInput {
  /**
   * Who uploads; the document is theirs. Archive members, attachments and directory sources upload with the
   * operator access of the parent's or source's owner.
   */
  access: Access;
  /** The name as the client sent it (any directories are dropped). */
  filename: string;
  declaredType?: string;
  source: BlobSource;
  collectionId?: string | null;
  folderId?: string | null;
  tags?: string[];
  metadata?: Record<string, unknown>;
  /** Directory sources: where the file lives; such uploads are never deduplicated by content. */
  origin?: { sourceId: string; sourcePath: string; mtimeMs: number };
  /** Archive members and attachments. */
  parent?: { documentId: string; sourcePath: string };
}

export interface UploadResult {
  document: DocumentRecord;
  task: Task | null;
  /** The same bytes already existed in this collection; nothing new was stored or processed. */
  duplicate: boolean;
}

/**
 * Document use cases: upload (stream → content-addressed blob → type check → row → ingest task), read,
 * list, reprocess and delete. Bad input is refused before anything is kept, and a refusal leaves no bytes.
 */
export class DocumentService {
  constructor(private readonly deps: DocumentServiceDeps) {}

  /** The largest file of each category that `upload` accepts, in bytes (what clients are told to check). */
  get sizeLimits(): Readonly<SizeLimits> {
    return this.deps.limits;
  }

  async upload(input: UploadInput): Promise<UploadResult> {
    const { metadata, blobs, limits } = this.deps;
    const { access } = input;
    const ownerId = access.userId;
    // Refused before any byte is stored, like a bad placement.
    if (!access.has('write') || access.principal.role === 'viewer') {
      throw new AppError(
        'FORBIDDEN',
        'forbidden',
        'uploading needs an editor or admin with the write permission',
      );
    }
    const tags = normaliseTags(input.tags ?? []);
    const userMetadata = withoutReserved(input.metadata ?? {});
    await this.checkPlacement(access, input.collectionId ?? null, input.folderId ?? null);
    const filename = safeFilename(input.filename);
    // The extension's category picks the limit before any byte is stored; unknown extensions get the
    // document limit, and the real type is checked after.
    const guessed = this.deps.detector.categoryForFilename(filename) ?? 'document';
    const ref = await blobs.put(input.source, { maxBytes: limits[guessed] }).catch((err: unknown) => {
      throw isAppError(err) && err.code === 'BLOB_TOO_LARGE'
        ? tooLarge(guessed, limits[guessed], filename)
        : err;
    });

    return blobs.locked(ref.sha256, async () => {
      let type: DetectedType;
      try {
        type = await this.deps.detector.detect({
          path: await blobs.localPath(ref.sha256),
          filename,
          declaredType: input.declaredType,
        });
        if (ref.size > limits[type.category]) throw tooLarge(type.category, limits[type.category], filename);
      } catch (err) {
        await blobs.discardIfUnreferencedLocked(ref.sha256);
        throw err;
      }
      if (!input.origin && !input.parent) {
        const existing = await metadata.documents.findBySha(ownerId, input.collectionId ?? null, ref.sha256);
        if (existing) {
          const task = existing.taskId ? await this.deps.tasks.find(existing.taskId).catch(() => null) : null;
          return { document: existing, task, duplicate: true };
        }
      }
      const document = await metadata.documents.insert({
        ownerId,
        collectionId: input.collectionId ?? null,
        folderId: input.folderId ?? null,
        parentDocumentId: input.parent?.documentId ?? null,
        sourceId: input.origin?.sourceId ?? null,
        sourcePath: input.origin?.sourcePath ?? input.parent?.sourcePath ?? null,
        sourceMtimeMs: input.origin?.mtimeMs ?? null,
        filename,
        originalFilename: input.filename,
        contentType: type.contentType,
        category: type.category,
        size: ref.size,
        sha256: ref.sha256,
        status: 'queued',
        metadata: userMetadata,
        tags,
      });
      this.deps.events.publish({ type: 'document.created', document });
      const { document: queued, task } = await this.enqueue(document);
      return { document: queued, task, duplicate: false };
    });
  }

  /** A document the principal may read; any other is DOCUMENT_NOT_FOUND, so that its existence does not leak. */
  async get(access: Access, id: string): Promise<DocumentRecord> {
    const doc = await this.deps.metadata.documents.get(id);
    if (!doc || !access.canReadDocument(doc)) throw notFound(id);
    return doc;
  }

  /** Lists the documents the principal may read (the condition is part of the query); folders with subfolders. */
  async list(access: Access, filter: DocumentFilter & { folderId?: string }): Promise<Page<DocumentRecord>> {
    const { folderId, ...rest } = filter;
    const folderIds = folderId ? await this.folderSubtree(access, folderId) : rest.folderIds;
    const readable = access.documentFilter;
    return this.deps.metadata.documents.list({
      ...rest,
      ...(folderIds ? { folderIds } : {}),
      ...(readable ? { access: readable } : {}),
    });
  }

  async getText(access: Access, id: string) {
    const doc = await this.get(access, id);
    const text = await this.deps.metadata.documents.getText(id);
    if (!text) {
      throw new AppError('DOCUMENT_TEXT_NOT_READY', 'conflict', `document ${id} has no extracted text yet`, {
        details: { id, status: doc.status },
      });
    }
    return text;
  }

  /** A chunk with up to `chars` characters of its document's text on each side (source previews). */
  async chunkContext(access: Access, chunkId: string, chars: number) {
    const chunk = await this.deps.metadata.documents.getChunk(chunkId);
    const document = chunk ? await this.get(access, chunk.documentId).catch(() => null) : null;
    if (!chunk || !document) {
      throw new AppError('CHUNK_NOT_FOUND', 'not_found', `chunk ${chunkId} does not exist`, {
        details: { chunkId },
      });
    }
    const text = (await this.deps.metadata.documents.getText(document.id))?.text ?? '';
    return {
      chunk,
      document,
      before: text.slice(Math.max(0, chunk.startChar - chars), chunk.startChar),
      after: text.slice(chunk.endChar, chunk.endChar + chars),
    };
  }

  async listChunks(access: Access, id: string, options: { offset?: number; limit?: number } = {}) {
    await this.get(access, id);
    return this.deps.metadata.documents.listChunks(id, options);
  }

  /** Changes what a user may change about a document: tags, collection, folder, user metadata. */
  async updateDetails(
    access: Access,
    id: string,
    patch: {
      tags?: string[];
      collectionId?: string | null;
      folderId?: string | null;
      metadata?: Record<string, unknown>;
    },
  ): Promise<DocumentRecord> {
    const current = await this.writable(access, id);
    const tags = patch.tags !== undefined ? normaliseTags(patch.tags) : undefined;
    const userMetadata = patch.metadata !== undefined ? withoutReserved(patch.metadata) : undefined;
    await this.checkPlacement(access, patch.collectionId ?? null, patch.folderId ?? null);
    const updated = await this.deps.metadata.documents.update(id, {
      ...(tags !== undefined ? { tags } : {}),
      ...(patch.collectionId !== undefined ? { collectionId: patch.collectionId } : {}),
      ...(patch.folderId !== undefined ? { folderId: patch.folderId } : {}),
      // User metadata is replaced; what extraction found (`extracted`) is kept.
      ...(userMetadata !== undefined
        ? { metadata: { ...userMetadata, extracted: current.metadata.extracted } }
        : {}),
    });
    if (!updated) throw notFound(id);
    return updated;
  }

  /** Runs the pipeline again (new settings, a fixed extractor, after a failure). */
  async reprocess(access: Access, id: string): Promise<UploadResult> {
    const doc = await this.writable(access, id);
    // A document is marked processed (or failed) a moment before its task is marked finished. Joining that
    // task would reprocess nothing: wait for it to end, then queue a fresh one (one live ingest per document).
    const finished = doc.status === 'processed' || doc.status === 'failed';
    for (let waited = 0; ; waited += REPROCESS_POLL_MS) {
      const live = finished && doc.taskId ? await this.deps.tasks.find(doc.taskId).catch(() => null) : null;
      if (!live || (live.status !== 'running' && live.status !== 'pending')) break;
      if (waited >= REPROCESS_WAIT_MS) {
        throw new AppError('DOCUMENT_BUSY', 'conflict', `document ${id} is still finishing; try again`, {
          details: { id },
          retryable: true,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, REPROCESS_POLL_MS));
    }
    const { document, task } = await this.enqueue(doc);
    return { document, task, duplicate: false };
  }

  /**
   * Deletes a document with its archive members, chunks, index rows and text, then the bytes nothing uses
   * any more. Running ingest tasks of the deleted documents are cancelled.
   */
  async delete(access: Access, id: string): Promise<{ deleted: string[] }> {
    await this.writable(access, id);
    const result = await this.deps.metadata.documents.delete(id);
    if (!result) throw notFound(id);
    await this.deps.blobs.collect(result.unreferencedBlobs);
    for (const doc of result.deleted) {
      if (doc.taskId) await this.deps.tasks.cancel(null, doc.taskId).catch(() => undefined);
      this.deps.events.publish({
        type: 'document.deleted',
        documentId: doc.id,
        ownerId: doc.ownerId,
        collectionId: doc.collectionId,
      });
    }
    return { deleted: result.deleted.map((d) => d.id) };
  }

  /**
   * Repairs documents left queued or processing whose task no longer works on them (start-up and periodic
   * sweeps): without a task, or with one that succeeded without saving (a crash between the row and its
   * task), they are queued again; with a task that ended failed, dead or cancelled, they fail with the
   * task's error (TASK_CANCELLED for a cancelled one), so no document says "processing" forever.
   */
  async reconcile(): Promise<{ requeued: number; failed: number }> {
    const counts = { requeued: 0, failed: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.deps.metadata.documents.list({
        status: ['queued', 'processing'],
        limit: 200,
        cursor,
      });
      for (const doc of page.items) {
        const task = doc.taskId ? await this.deps.tasks.find(doc.taskId).catch(() => null) : null;
        // The row was read before the task: a task that succeeded since (another worker, another process)
        // has saved the document by now. Only a row still waiting on that succeeded task was left unsaved.
        if (task?.status === 'succeeded' && !(await this.stillWaitingOn(doc.id, task.id))) continue;
        if (!task || task.status === 'succeeded') {
          await this.enqueue(doc);
          counts.requeued += 1;
        } else if (task.status !== 'pending' && task.status !== 'running') {
          if (await this.failWithTask(doc.id, task)) counts.failed += 1;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return counts;
  }

  private async stillWaitingOn(documentId: string, taskId: string): Promise<boolean> {
    const doc = await this.deps.metadata.documents.get(documentId);
    return !!doc && doc.taskId === taskId && (doc.status === 'queued' || doc.status === 'processing');
  }

  /**
   * Marks a queued or processing document failed because its task ended without processing it (failed,
   * dead, cancelled). A document that moved on (processed, or owned by a newer task) is left alone.
   */
  async failWithTask(documentId: string, task: Task): Promise<DocumentRecord | null> {
    const doc = await this.deps.metadata.documents.get(documentId);
    if (!doc || doc.taskId !== task.id || (doc.status !== 'queued' && doc.status !== 'processing'))
      return null;
    const cancelled = task.status === 'cancelled';
    const updated = await this.deps.metadata.documents.update(doc.id, {
      status: 'failed',
      stage: null,
      errorCode: cancelled ? 'TASK_CANCELLED' : (task.error?.code ?? 'TASK_FAILED'),
      errorMessage: cancelled
        ? 'processing was cancelled'
        : (task.error?.message ?? `its task ended ${task.status}`),
    });
    if (updated) this.deps.events.publish({ type: 'document.failed', document: updated });
    return updated;
  }

  /** A failed document whose task was retried by hand is queued again. */
  async requeueForTask(documentId: string, task: Task): Promise<void> {
    const doc = await this.deps.metadata.documents.get(documentId);
    if (!doc || doc.taskId !== task.id || doc.status !== 'failed') return;
    await this.deps.metadata.documents.update(doc.id, {
      status: 'queued',
      stage: null,
      progress: 0,
      errorCode: null,
      errorMessage: null,
    });
  }

  private async enqueue(doc: DocumentRecord): Promise<{ document: DocumentRecord; task: Task }> {
    const task = await this.deps.tasks.enqueue(
      'document.ingest',
      { documentId: doc.id },
      {
        queue: this.deps.queues[doc.category],
        documentId: doc.id,
        ownerId: doc.ownerId,
        // One live ingest per document: a second upload or reprocess joins the running one.
        uniqueKey: `ingest:${doc.id}`,
      },
    );
    const document =
      (await this.deps.metadata.documents.update(doc.id, {
        taskId: task.id,
        status: 'queued',
        stage: null,
        progress: 0,
        errorCode: null,
        errorMessage: null,
      })) ?? doc;
    return { document, task };
  }

  /** A document the principal may change: unreadable ones are 404, readable but not writable 403. */
  private async writable(access: Access, id: string): Promise<DocumentRecord> {
    const doc = await this.get(access, id);
    if (!access.canWriteDocument(doc)) {
      throw new AppError('FORBIDDEN', 'forbidden', `you may read document ${id} but not change it`, {
        details: { id },
      });
    }
    return doc;
  }

  /** The target collection must take the principal's documents; the folder must be its own. */
  private async checkPlacement(
    access: Access,
    collectionId: string | null,
    folderId: string | null,
  ): Promise<void> {
    if (collectionId) {
      const collection = await this.deps.metadata.collections.get(collectionId);
      if (!collection || !access.canReadCollection(collection)) {
        throw new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection ${collectionId} does not exist`, {
          details: { collectionId },
        });
      }
      if (!access.canWriteCollection(collection)) {
        throw new AppError(
          'FORBIDDEN',
          'forbidden',
          `you may not add documents to collection ${collectionId}`,
          {
            details: { collectionId },
          },
        );
      }
    } else if (access.principal.collectionIds) {
      throw new AppError('FORBIDDEN', 'forbidden', 'this API key may only add documents to its collections');
    }
    if (folderId) {
      const folder = await this.deps.metadata.folders.get(folderId);
      if (!folder || !access.owns(folder)) {
        throw new AppError('FOLDER_NOT_FOUND', 'not_found', `folder ${folderId} does not exist`, {
          details: { folderId },
        });
      }
    }
  }

  private async folderSubtree(access: Access, folderId: string): Promise<string[]> {
    const folder = await this.deps.metadata.folders.get(folderId);
    const ids = folder && access.owns(folder) ? await this.deps.metadata.folders.subtreeIds(folderId) : [];
    if (ids.length === 0) {
      throw new AppError('FOLDER_NOT_FOUND', 'not_found', `folder ${folderId} does not exist`, {
        details: { folderId },
      });
    }
    return ids;
  }
}

function notFound(id: string): AppError {
  return new AppError('DOCUMENT_NOT_FOUND', 'not_found', `document ${id} does not exist`, {
    details: { id },
  });
}

function tooLarge(category: FileCategory, limit: number, filename: string): AppError {
  return new AppError(
    'FILE_TOO_LARGE',
    'user',
    `${filename} is larger than the ${Math.round(limit / 1024 ** 2)} MB limit for ${category} files`,
    { details: { category, limitBytes: limit } },
  );
}

/** The last path segment, without control characters; never empty. */
export function safeFilename(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/\p{Cc}/gu, '').trim();
  return base === '' || base === '.' || base === '..' ? 'upload' : base.slice(0, 255);
}

/**
 * `extracted` is where the pipeline writes what it found; a client cannot pre-fill it. What is left is
 * checked against the size and depth limits.
 */
function withoutReserved(metadata: Record<string, unknown>): Record<string, unknown> {
  const { extracted: _ignored, ...rest } = metadata;
  checkUserMetadata(rest);
  return rest;
}
