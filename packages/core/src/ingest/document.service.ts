import type { Access } from '../auth/access.js';
import { AppError, isAppError } from '../errors.js';
import type { TaskService } from '../jobs/task.service.js';
import type { Task } from '../jobs/job.types.js';
import type { BlobSource } from '../ports/blob-store.port.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { ContentDetector } from '../ports/extractor.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { BlobService } from '../system/blob.service.js';
import { checkUserMetadata, normaliseTags } from './document-limits.js';
import { checkPlacement, folderSubtree } from './document-placement.js';
import { DocumentTasks, type CategoryQueues } from './document-tasks.js';
import type { DocumentFilter, DocumentRecord, Page } from './document.types.js';
import type { DetectedType, FileCategory } from './extraction.types.js';
import type { SizeLimits } from './formats.js';

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
  private readonly ingest: DocumentTasks;

  constructor(private readonly deps: DocumentServiceDeps) {
    this.ingest = new DocumentTasks(deps);
  }

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
    await checkPlacement(this.deps.metadata, access, input.collectionId ?? null, input.folderId ?? null);
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
      const { document: queued, task } = await this.ingest.enqueue(document);
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
    const folderIds = folderId ? await folderSubtree(this.deps.metadata, access, folderId) : rest.folderIds;
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
    await checkPlacement(this.deps.metadata, access, patch.collectionId ?? null, patch.folderId ?? null);
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
    const { document, task } = await this.ingest.requeue(await this.writable(access, id));
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

  /** See DocumentTasks.reconcile: the sweep that repairs documents whose task no longer works on them. */
  reconcile(): Promise<{ requeued: number; failed: number }> {
    return this.ingest.reconcile();
  }

  /** A queued or processing document fails with the task that ended without processing it. */
  failWithTask(documentId: string, task: Task): Promise<DocumentRecord | null> {
    return this.ingest.failWithTask(documentId, task);
  }

  /** A failed document whose task was retried by hand is queued again. */
  requeueForTask(documentId: string, task: Task): Promise<void> {
    return this.ingest.requeueForTask(documentId, task);
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
