import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, describeError } from '../errors.js';
import type { DocumentService } from '../ingest/document.service.js';
import type { DirectorySource, DocumentRecord, ScanSummary } from '../ingest/document.types.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';

/** Progress of a scan, for progress bars: files looked at so far out of all files found. */
export type ScanProgress = (done: number, total: number, file: string) => void;

export interface ScanResult extends ScanSummary {
  sourceId: string;
  /** Documents created (added or changed files), for callers that wait for their processing. */
  documentIds: string[];
  errors: { path: string; code: string; message: string }[];
}

interface FoundFile {
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

/**
 * Keeps a collection in sync with a directory (Semantik's directory sources): new files are ingested,
 * changed files (by content hash) re-ingested, deleted files removed. Unchanged files — same size and
 * modification time — are not even read, so a rescan with no changes does no work.
 */
export class DirectorySyncService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly documents: DocumentService,
    private readonly events: EventBus,
  ) {}

  /** Registers a directory for a collection (or returns the existing registration). */
  async addSource(input: { ownerId: string; collectionId: string; path: string }): Promise<DirectorySource> {
    const dir = path.resolve(input.path);
    await checkDirectory(dir);
    if (!(await this.metadata.collections.get(input.collectionId))) {
      throw new AppError(
        'COLLECTION_NOT_FOUND',
        'not_found',
        `collection ${input.collectionId} does not exist`,
        {
          details: { collectionId: input.collectionId },
        },
      );
    }
    return (
      (await this.metadata.sources.findByPath(input.collectionId, dir)) ??
      this.metadata.sources.create({ ownerId: input.ownerId, collectionId: input.collectionId, path: dir })
    );
  }

  async getSource(id: string): Promise<DirectorySource> {
    const source = await this.metadata.sources.get(id);
    if (!source)
      throw new AppError('SOURCE_NOT_FOUND', 'not_found', `source ${id} does not exist`, { details: { id } });
    return source;
  }

  async scan(sourceId: string, onProgress?: ScanProgress): Promise<ScanResult> {
    const source = await this.getSource(sourceId);
    // A folder that vanished (an unmounted drive, a renamed share) must not read as "every file deleted".
    await checkDirectory(source.path);
    const files = await this.walk(source.path);
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
    let done = 0;
    for (const file of files) {
      onProgress?.(done++, files.length, file.relPath);
      const existing = known.get(file.relPath);
      known.delete(file.relPath);
      try {
        await this.syncFile(source, file, existing, result);
      } catch (err) {
        const { code, message } = describeError(err);
        result.failed += 1;
        result.errors.push({ path: file.relPath, code, message });
      }
    }
    onProgress?.(files.length, files.length, '');
    // Whatever is left was not found on disk any more.
    for (const gone of known.values()) {
      await this.documents.delete(gone.id).catch(() => undefined);
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
    this.events.publish({ type: 'source.scanned', sourceId: source.id, summary });
    return result;
  }

  private async syncFile(
    source: DirectorySource,
    file: FoundFile,
    existing: DocumentRecord | undefined,
    result: ScanResult,
  ): Promise<void> {
    if (existing && existing.size === file.size && existing.sourceMtimeMs === file.mtimeMs) {
      result.unchanged += 1;
      return;
    }
    if (existing && (await sha256File(file.absPath)) === existing.sha256) {
      // Touched but not changed: remember the new time so the next scan skips it without reading.
      await this.metadata.documents.update(existing.id, { sourceMtimeMs: file.mtimeMs });
      result.unchanged += 1;
      return;
    }
    if (existing) await this.documents.delete(existing.id);
    const uploaded = await this.documents.upload({
      ownerId: source.ownerId,
      filename: path.basename(file.relPath),
      source: createReadStream(file.absPath),
      collectionId: source.collectionId,
      origin: { sourceId: source.id, sourcePath: file.relPath, mtimeMs: file.mtimeMs },
    });
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

  /** Regular files below `root`, skipping hidden entries and symbolic links. */
  private async walk(root: string): Promise<FoundFile[]> {
    const found: FoundFile[] = [];
    const visit = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) await visit(abs);
        else if (entry.isFile()) {
          const info = await stat(abs).catch(() => null);
          if (!info) continue;
          found.push({
            relPath: path.relative(root, abs).split(path.sep).join('/'),
            absPath: abs,
            size: info.size,
            mtimeMs: Math.floor(info.mtimeMs),
          });
        }
      }
    };
    await visit(root);
    return found.sort((a, b) => a.relPath.localeCompare(b.relPath));
  }
}

async function checkDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new AppError('SOURCE_PATH_INVALID', 'user', `${dir} is not a readable directory`, {
      details: { path: dir },
    });
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
