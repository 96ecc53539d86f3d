import { DEFAULT_CHUNKING, type ChunkingSettings } from '../chunking/chunking.types.js';
import { validateChunkingSettings } from '../chunking/chunk-document.js';
import { AppError } from '../errors.js';
import type { Collection, CollectionSettings } from '../ingest/document.types.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';

/** Settings a client may send: any subset, merged over the defaults. */
export interface CollectionSettingsInput {
  chunking?: Partial<ChunkingSettings>;
  ocrLanguages?: string[];
}

const NAME = /^[^\p{Cc}/\\]{1,120}$/u;

/** Collections: named groups of documents with their own chunking and OCR settings. */
export class CollectionService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly defaults: { ocrLanguages: string[] },
  ) {}

  async create(input: {
    ownerId: string;
    name: string;
    description?: string | null;
    settings?: CollectionSettingsInput;
  }): Promise<Collection> {
    const name = checkName(input.name);
    return this.metadata.collections.create({
      ownerId: input.ownerId,
      name,
      description: input.description ?? null,
      settings: this.resolveSettings(undefined, input.settings),
    });
  }

  async get(id: string): Promise<Collection> {
    const collection = await this.metadata.collections.get(id);
    if (!collection) throw notFound(id);
    return collection;
  }

  /** Finds a collection by name, creating it when missing (the CLI's `--collection NAME`). */
  async ensure(ownerId: string, name: string): Promise<Collection> {
    // Look the name up as create() stores it, or " research " would collide with "research".
    const stored = checkName(name);
    return (
      (await this.metadata.collections.getByName(ownerId, stored)) ?? this.create({ ownerId, name: stored })
    );
  }

  list(ownerId: string): Promise<Collection[]> {
    return this.metadata.collections.list(ownerId);
  }

  /** New settings apply to documents processed from now on; reprocess a document to re-chunk it. */
  async update(
    id: string,
    patch: { name?: string; description?: string | null; settings?: CollectionSettingsInput },
  ): Promise<Collection> {
    const current = await this.get(id);
    const updated = await this.metadata.collections.update(id, {
      ...(patch.name !== undefined ? { name: checkName(patch.name) } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.settings ? { settings: this.resolveSettings(current.settings, patch.settings) } : {}),
    });
    if (!updated) throw notFound(id);
    return updated;
  }

  /** Deletes the collection; its documents stay, outside any collection. */
  async delete(id: string): Promise<void> {
    if (!(await this.metadata.collections.delete(id))) throw notFound(id);
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
