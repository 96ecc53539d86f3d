import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { Access } from '../auth/access.js';
import { AppError, describeError } from '../errors.js';
import type { DocumentService } from '../ingest/document.service.js';
import type { DirectorySource, DocumentRecord, ScanSummary } from '../ingest/document.types.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import { linkOutside, openInside, walkDirectory, type FoundFile } from './directory-walk.js';
import { SourceRoots, type SourceScope } from './source-roots.js';

export type { SourceScope } from './source-roots.js';

/** Progress of a scan, for progress bars: files looked at so far out of all files found. */
export type ScanProgress = (done: number, total: number, file: string) => void;

export interface ScanResult extends ScanSummary {
  sourceId: string;
  /** Documents created (added or changed files), for callers that wait for their processing. */
  documentIds: string[];
  errors: { path: string; code: string; message: string }[];
}

export interface DirectorySyncOptions {
  /**
   * Directories under which sources of scope `roots` (clients of the API) may lie (`SIFT_SOURCE_ROOTS`).
   * Empty, the default: such sources are refused with `SOURCES_DISABLED`.
   */
  roots?: readonly string[];
}

/**
 * Keeps a collection in sync with a directory (Semantik's directory sources): new files are ingested,
 * changed files (by content hash) re-ingested, deleted files removed. Unchanged files — same size and
 * modification time — are not even read, so a rescan with no changes does no work.
 *
 * Confinement (issue #9): `addSource`, `checkSource` and `scan` take a `SourceScope`, `roots` unless the
 * caller is the operator. A source of scope `roots` must resolve, by real path, under a configured root — when
 * registered and again at every scan, since its directory (or the root) may have been replaced by a link since.
 * Whatever the scope, a scan skips and reports symbolic links leading out of the source directory, checked
 * again when each file is opened.
 */
export class DirectorySyncService {
  private readonly roots: SourceRoots;

  constructor(
    private readonly metadata: MetadataStore,
    private readonly documents: DocumentService,
    private readonly events: EventBus,
    options: DirectorySyncOptions = {},
  ) {
    this.roots = new SourceRoots(options.roots ?? []);
  }

  /**
   * Registers a directory for a collection (or returns the existing registration), by its real path. Refuses
   * with SOURCES_DISABLED, SOURCE_OUTSIDE_ROOTS (scope `roots`), SOURCE_PATH_INVALID or COLLECTION_NOT_FOUND.
   */
  async addSource(
    access: Access,
    input: { collectionId: string; path: string },
    scope: SourceScope = 'roots',
  ): Promise<DirectorySource> {
    const collection = await this.metadata.collections.get(input.collectionId);
    if (!collection || !access.canReadCollection(collection)) {
      throw new AppError(
        'COLLECTION_NOT_FOUND',
        'not_found',
        `collection ${input.collectionId} does not exist`,
        {
          details: { collectionId: input.collectionId },
        },
      );
    }
    // A source fills the collection with documents: only who manages the collection may add one.
    if (!access.canManageCollection(collection)) {
      throw new AppError(
        'FORBIDDEN',
        'forbidden',
        `only the owner of collection ${collection.id} may add sources`,
      );
    }
    const dir = await this.roots.resolveDirectory(input.path, scope);
    return (
      (await this.metadata.sources.findByPath(input.collectionId, dir)) ??
      this.metadata.sources.create({ ownerId: access.userId, collectionId: input.collectionId, path: dir })
    );
  }

  /** A source of the principal (admins: any); others are SOURCE_NOT_FOUND. */
  async getSource(access: Access, id: string): Promise<DirectorySource> {
    const source = await this.metadata.sources.get(id);
    // Its owner's, within the collections the credentials reach.
    if (!source || !access.owns(source) || !access.canReadCollection({ id: source.collectionId }))
      throw new AppError('SOURCE_NOT_FOUND', 'not_found', `source ${id} does not exist`, { details: { id } });
    return source;
  }

  /** The sources of a collection the principal reaches that it owns (admins: all of them). */
  async listSources(access: Access, collectionId: string): Promise<DirectorySource[]> {
    const collection = await this.metadata.collections.get(collectionId);
    if (!collection || !access.canReadCollection(collection)) {
      throw new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection ${collectionId} does not exist`, {
        details: { collectionId },
      });
    }
    return (await this.metadata.sources.list(collectionId)).filter((s) => access.owns(s));
  }

  /** The source, if a scan of `scope` may read it now (the checks `scan` starts with, for an early answer). */
  async checkSource(access: Access, id: string, scope: SourceScope = 'roots'): Promise<DirectorySource> {
    access.require('write');
    const source = await this.getSource(access, id);
    await this.roots.resolveDirectory(source.path, scope);
    return source;
  }

  /** Runs a scan (the `source.scan` job and `sift ingest`: the source was authorised when it was queued). */
  async scan(sourceId: string, onProgress?: ScanProgress, scope: SourceScope = 'roots'): Promise<ScanResult> {
    const source = await this.metadata.sources.get(sourceId);
    if (!source) {
      throw new AppError('SOURCE_NOT_FOUND', 'not_found', `source ${sourceId} does not exist`, {
        details: { id: sourceId },
      });
    }
    // Resolved again at every scan: the directory may have become a link leading out since it was registered. A
    // folder that vanished (an unmounted drive, a renamed share) must not read as "every file deleted" either.
    const top = await this.roots.resolveDirectory(source.path, scope);
    const { files, escaped } = await walkDirectory(top);
    const known = await this.knownDocuments(source.id);
    const result: ScanResult = {
      sourceId,
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 0,
      failed: 0,
      documentIds: [],
      errors: [],
    };
    for (const relPath of escaped) {
      const { code, message } = describeError(linkOutside(relPath));
      result.failed += 1;
      result.errors.push({ path: relPath, code, message });
    }
    let done = 0;
    for (const file of files) {
      onProgress?.(done++, files.length, file.relPath);
      const existing = known.get(file.relPath);
      known.delete(file.relPath);
      try {
        await this.syncFile(source, top, file, existing, result);
      } catch (err) {
        const { code, message } = describeError(err);
        result.failed += 1;
        result.errors.push({ path: file.relPath, code, message });
      }
    }
    onProgress?.(files.length, files.length, '');
    // Whatever is left was not found on disk any more.
    for (const gone of known.values()) {
      await this.documents.delete(Access.operator(source.ownerId), gone.id).catch(() => undefined);
      result.removed += 1;
    }
    const summary: ScanSummary = {
      added: result.added,
      changed: result.changed,
      removed: result.removed,
      unchanged: result.unchanged,
      failed: result.failed,
    };
    await this.metadata.sources.recordScan(source.id, summary);
    this.events.publish({
      type: 'source.scanned',
      sourceId: source.id,
      ownerId: source.ownerId,
      collectionId: source.collectionId,
      summary,
    });
    return result;
  }

  private async syncFile(
    source: DirectorySource,
    top: string,
    file: FoundFile,
    existing: DocumentRecord | undefined,
    result: ScanResult,
  ): Promise<void> {
    if (existing && existing.size === file.size && existing.sourceMtimeMs === file.mtimeMs) {
      result.unchanged += 1;
      return;
    }
    if (existing && (await sha256Of(await openInside(top, file))) === existing.sha256) {
      // Touched but not changed: remember the new time so the next scan skips it without reading.
      await this.metadata.documents.update(existing.id, { sourceMtimeMs: file.mtimeMs });
      result.unchanged += 1;
      return;
    }
    const stream = await openInside(top, file);
    // The source's files are its owner's; the source was checked when it was added and at this scan.
    const owner = Access.operator(source.ownerId);
    if (existing) await this.documents.delete(owner, existing.id);
    const uploaded = await this.documents
      .upload({
        access: owner,
        filename: path.basename(file.relPath),
        source: stream,
        collectionId: source.collectionId,
        origin: { sourceId: source.id, sourcePath: file.relPath, mtimeMs: file.mtimeMs },
      })
      // A refused upload may leave the stream unread: close the file either way.
      .finally(() => stream.destroy());
    result.documentIds.push(uploaded.document.id);
    if (existing) result.changed += 1;
    else result.added += 1;
  }

  private async knownDocuments(sourceId: string): Promise<Map<string, DocumentRecord>> {
    const known = new Map<string, DocumentRecord>();
    let cursor: string | undefined;
    do {
      const page = await this.metadata.documents.list({ sourceId, topLevelOnly: true, limit: 500, cursor });
      for (const doc of page.items) if (doc.sourcePath) known.set(doc.sourcePath, doc);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return known;
  }
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
