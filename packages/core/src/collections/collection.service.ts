import { DEFAULT_CHUNKING, type ChunkingSettings } from '../chunking/chunking.types.js';
import { validateChunkingSettings } from '../chunking/chunk-document.js';
import { AppError } from '../errors.js';
import type { Collection, CollectionSettings } from '../ingest/document.types.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { Access } from '../auth/access.js';
import type { CollectionShare, RequestOrigin, ShareRole } from '../auth/auth.types.js';
import type { AuditService } from '../auth/audit.service.js';

const NONE: RequestOrigin = { ip: null, userAgent: null, requestId: null };

/** Settings a client may send: any subset, merged over the defaults. */
export interface CollectionSettingsInput {
  chunking?: Partial<ChunkingSettings>;
  ocrLanguages?: string[];
}

const NAME = /^[^\p{Cc}/\\]{1,120}$/u;

/** Collections: named groups of documents with their own chunking and OCR settings, shared with people. */
export class CollectionService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly defaults: { ocrLanguages: string[] },
    private readonly audit?: AuditService,
  ) {}

  /** Creates a collection owned by the principal (editors and admins). */
  async create(
    access: Access,
    input: { name: string; description?: string | null; settings?: CollectionSettingsInput },
    origin: RequestOrigin = NONE,
  ): Promise<Collection> {
    if (!access.has('write') || access.principal.role === 'viewer' || access.principal.collectionIds) {
      throw new AppError('FORBIDDEN', 'forbidden', 'creating collections needs an editor or admin');
    }
    const name = checkName(input.name);
    const collection = await this.metadata.collections.create({
      ownerId: access.userId,
      name,
      description: input.description ?? null,
      settings: this.resolveSettings(undefined, input.settings),
    });
    await this.audit?.record(access, origin, {
      action: 'collection.create',
      entityType: 'collection',
      entityId: collection.id,
      after: { name },
    });
    return collection;
  }

  /** A collection the principal reaches; any other is COLLECTION_NOT_FOUND (existence does not leak). */
  async get(access: Access, id: string): Promise<Collection> {
    const collection = await this.metadata.collections.get(id);
    if (!collection || !access.canReadCollection(collection)) throw notFound(id);
    return collection;
  }

  /** Finds a collection of the principal by name, creating it when missing (the CLI's `--collection NAME`). */
  async ensure(access: Access, name: string): Promise<Collection> {
    // Look the name up as create() stores it, or " research " would collide with "research".
    const stored = checkName(name);
    return (
      (await this.metadata.collections.getByName(access.userId, stored)) ??
      this.create(access, { name: stored })
    );
  }

  /** The collections the principal owns or that are shared with it (admins: all). */
  async list(access: Access): Promise<Collection[]> {
    const reachable = access.collectionIds;
    if (reachable === null) return this.metadata.collections.listAll();
    return this.metadata.collections.listByIds(reachable);
  }

  /** New settings apply to documents processed from now on; reprocess a document to re-chunk it. */
  async update(
    access: Access,
    id: string,
    patch: { name?: string; description?: string | null; settings?: CollectionSettingsInput },
    origin: RequestOrigin = NONE,
  ): Promise<Collection> {
    const current = await this.manageable(access, id);
    const updated = await this.metadata.collections.update(id, {
      ...(patch.name !== undefined ? { name: checkName(patch.name) } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.settings ? { settings: this.resolveSettings(current.settings, patch.settings) } : {}),
    });
    if (!updated) throw notFound(id);
    await this.audit?.record(access, origin, {
      action: 'collection.update',
      entityType: 'collection',
      entityId: id,
      before: { name: current.name, description: current.description },
      after: { name: updated.name, description: updated.description },
    });
    return updated;
  }

  /** Deletes the collection; its documents stay, outside any collection (private to their owners). */
  async delete(access: Access, id: string, origin: RequestOrigin = NONE): Promise<void> {
    const current = await this.manageable(access, id);
    if (!(await this.metadata.collections.delete(id))) throw notFound(id);
    await this.audit?.record(access, origin, {
      action: 'collection.delete',
      entityType: 'collection',
      entityId: id,
      before: { name: current.name },
    });
  }

  /** Who the collection is shared with (anyone who reaches it may see that). */
  async listShares(access: Access, id: string): Promise<CollectionShare[]> {
    await this.get(access, id);
    return this.metadata.identity.shares.list(id);
  }

  /** Shares the collection with a user or a group as viewer or editor (its owner and admins). */
  async share(
    access: Access,
    id: string,
    share: { principalType: 'user' | 'group'; principalId: string; role: ShareRole },
    origin: RequestOrigin = NONE,
  ): Promise<CollectionShare> {
    await this.manageable(access, id);
    const exists =
      share.principalType === 'user'
        ? await this.metadata.identity.accounts.get(share.principalId)
        : await this.metadata.identity.groups.get(share.principalId);
    if (!exists) {
      const code = share.principalType === 'user' ? 'USER_NOT_FOUND' : 'GROUP_NOT_FOUND';
      throw new AppError(code, 'not_found', `${share.principalType} ${share.principalId} does not exist`, {
        details: { id: share.principalId },
      });
    }
    const before = (await this.metadata.identity.shares.list(id)).find(
      (s) => s.principalType === share.principalType && s.principalId === share.principalId,
    );
    const saved = await this.metadata.identity.shares.put({ collectionId: id, ...share });
    await this.audit?.record(access, origin, {
      action: 'share.put',
      entityType: 'collection',
      entityId: id,
      before: before ? { ...share, role: before.role } : null,
      after: { ...share },
    });
    return saved;
  }

  async unshare(
    access: Access,
    id: string,
    principalType: 'user' | 'group',
    principalId: string,
    origin: RequestOrigin = NONE,
  ): Promise<void> {
    await this.manageable(access, id);
    if (!(await this.metadata.identity.shares.delete(id, principalType, principalId))) {
      throw new AppError(
        'SHARE_NOT_FOUND',
        'not_found',
        `collection ${id} is not shared with that ${principalType}`,
        {
          details: { id, principalType, principalId },
        },
      );
    }
    await this.audit?.record(access, origin, {
      action: 'share.delete',
      entityType: 'collection',
      entityId: id,
      before: { principalType, principalId },
    });
  }

  /** A collection the principal may manage: unreachable ones are 404, reachable but not its own 403. */
  private async manageable(access: Access, id: string): Promise<Collection> {
    const collection = await this.get(access, id);
    if (!access.canManageCollection(collection)) {
      throw new AppError(
        'FORBIDDEN',
        'forbidden',
        `only the owner of collection ${id} or an admin may do this`,
        {
          details: { id },
        },
      );
    }
    return collection;
  }

  private resolveSettings(
    base: CollectionSettings | undefined,
    input: CollectionSettingsInput = {},
  ): CollectionSettings {
    const chunking: ChunkingSettings = { ...(base?.chunking ?? DEFAULT_CHUNKING), ...input.chunking };
    validateChunkingSettings(chunking);
    const ocrLanguages = input.ocrLanguages ?? base?.ocrLanguages ?? this.defaults.ocrLanguages;
    if (ocrLanguages.length === 0 || ocrLanguages.some((l) => !/^[a-z]{3}(_[a-z]+)?$/.test(l))) {
      throw new AppError(
        'COLLECTION_SETTINGS_INVALID',
        'user',
        'ocrLanguages are tesseract codes such as "eng" or "deu"',
        {
          details: { ocrLanguages },
        },
      );
    }
    return { chunking, ocrLanguages };
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed)) {
    throw new AppError(
      'COLLECTION_NAME_INVALID',
      'user',
      'a collection name has 1–120 characters and no slashes',
      {
        details: { name },
      },
    );
  }
  return trimmed;
}

function notFound(id: string): AppError {
  return new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection ${id} does not exist`, {
    details: { id },
  });
}
