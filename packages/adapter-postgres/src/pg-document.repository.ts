import { randomUUID } from 'node:crypto';
import {
  AppError,
  type ChunkRecord,
  type DocumentContent,
  type DocumentFilter,
  type DocumentPatch,
  type DocumentRecord,
  type DocumentRepository,
  type DocumentText,
  type NewDocument,
  type Page,
} from '@sift/core';
import type { LexicalAnalyzer } from '@sift/lexical-analysis';
import { mapConstraints } from './pg-constraint.js';
import { withTransaction, type PgPool } from './pg-database.js';
import {
  applyPatch,
  contentInvalid,
  deleteSubtree,
  patchIndexed,
  replaceContent,
} from './pg-document-content.js';
import { encodeDocumentCursor, listOrder, type SortValue } from './pg-document-order.js';
import {
  invalid,
  rowToChunk,
  rowToDocument,
  rowToText,
  type ChunkRow,
  type DocumentRow,
  type TextRow,
} from './pg-document.mapper.js';
import { DOCUMENT_SQL, documentListQuery } from './pg-document.queries.js';

/**
 * Documents, their text and chunks on PostgreSQL. Every multi-row change is one transaction that first locks
 * the document's row (`FOR UPDATE`), so concurrent writers of one document — two workers, a worker and a
 * delete — queue instead of interleaving; blob reference counts change by atomic upserts and guarded
 * decrements, never by read-then-write. The lexical rows and vectors of the chunks are written in the same
 * transaction as the chunks (pg-document-content.ts).
 */
export class PgDocumentRepository implements DocumentRepository {
  /**
   * `analyzer` is the one the lexical index reads with (pg-lexical-rows.ts `pgLexicalAnalyzer(options)`):
   * chunks are indexed with it as they are written.
   */
  constructor(
    private readonly pool: PgPool,
    private readonly analyzer?: LexicalAnalyzer,
  ) {}

  async insert(doc: NewDocument): Promise<DocumentRecord> {
    const row = await mapConstraints(
      () =>
        withTransaction(this.pool, async (client) => {
          const now = Date.now();
          await client.query(DOCUMENT_SQL.retainBlob, [doc.sha256, doc.size, now]);
          const { rows } = await client.query<DocumentRow>(DOCUMENT_SQL.insert, [
            doc.id ?? randomUUID(),
            doc.ownerId,
            doc.collectionId,
            doc.folderId,
            doc.parentDocumentId,
            doc.sourceId,
            doc.sourcePath,
            doc.sourceMtimeMs,
            doc.filename,
            doc.originalFilename,
            doc.contentType,
            doc.category,
            doc.size,
            doc.sha256,
            doc.status,
            JSON.stringify(doc.metadata),
            JSON.stringify(doc.tags),
            now,
          ]);
          return rows[0]!;
        }),
      {
        unique: () =>
          new AppError('DOCUMENT_EXISTS', 'conflict', 'a document with this id or origin already exists', {
            details: {
              id: doc.id ?? null,
              parentDocumentId: doc.parentDocumentId,
              sourceId: doc.sourceId,
              sourcePath: doc.sourcePath,
            },
          }),
        foreign_key: () => missingReference(doc),
        check: (reason) => invalid(reason),
      },
    );
    return rowToDocument(row);
  }

  async get(id: string): Promise<DocumentRecord | null> {
    return this.one(DOCUMENT_SQL.getById, [id]);
  }

  async getMany(ids: readonly string[]): Promise<DocumentRecord[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<DocumentRow>(DOCUMENT_SQL.getByIds, [ids]);
    return inIdOrder(ids, rows.map(rowToDocument));
  }

  async findBySha(
    ownerId: string,
    collectionId: string | null,
    sha256: string,
  ): Promise<DocumentRecord | null> {
    return this.one(DOCUMENT_SQL.findBySha, [ownerId, collectionId, sha256]);
  }

  async findChild(parentId: string, sourcePath: string): Promise<DocumentRecord | null> {
    return this.one(DOCUMENT_SQL.findChild, [parentId, sourcePath]);
  }

  async list(filter: DocumentFilter): Promise<Page<DocumentRecord>> {
    const query = documentListQuery(filter);
    const { rows } = await this.pool.query<DocumentRow & { sort_key: SortValue }>(query.sql, query.params);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const { sort, order } = listOrder(filter);
    return {
      items: page.map(rowToDocument),
      nextCursor:
        rows.length > query.limit && last ? encodeDocumentCursor(sort, order, last.sort_key, last.seq) : null,
    };
  }

  async update(id: string, patch: DocumentPatch): Promise<DocumentRecord | null> {
    // A new title or language changes what the chunks are indexed with: only then is the row locked first.
    const reindex = patch.title !== undefined || patch.language !== undefined;
    const row = await mapConstraints(
      () =>
        withTransaction(this.pool, (client) =>
          reindex
            ? patchIndexed(client, id, patch, Date.now(), this.analyzer)
            : applyPatch(client, id, patch, {}, Date.now()),
        ),
      {
        foreign_key: () => missingReference(patch),
        check: (reason) => invalid(reason),
      },
    );
    return row ? rowToDocument(row) : null;
  }

  async saveContent(id: string, content: DocumentContent): Promise<DocumentRecord | null> {
    const row = await mapConstraints(
      () =>
        withTransaction(this.pool, (client) =>
          replaceContent(client, id, content, Date.now(), this.analyzer),
        ),
      {
        unique: (reason) => contentInvalid(id, reason),
        check: (reason) => contentInvalid(id, reason),
        foreign_key: (reason) => contentInvalid(id, reason),
      },
    );
    return row ? rowToDocument(row) : null;
  }

  async delete(id: string): Promise<{ deleted: DocumentRecord[]; unreferencedBlobs: string[] } | null> {
    return withTransaction(this.pool, (client) => deleteSubtree(client, id));
  }

  async getText(id: string): Promise<DocumentText | null> {
    const { rows } = await this.pool.query<TextRow>(DOCUMENT_SQL.getText, [id]);
    return rows[0] ? rowToText(rows[0]) : null;
  }

  async listChunks(
    documentId: string,
    options: { offset?: number; limit?: number } = {},
  ): Promise<ChunkRecord[]> {
    const { rows } = await this.pool.query<ChunkRow>(DOCUMENT_SQL.listChunks, [
      documentId,
      options.limit === undefined ? null : Math.max(0, Math.floor(options.limit)),
      Math.max(0, Math.floor(options.offset ?? 0)),
    ]);
    return rows.map(rowToChunk);
  }

  async getChunk(id: string): Promise<ChunkRecord | null> {
    const { rows } = await this.pool.query<ChunkRow>(DOCUMENT_SQL.getChunk, [id]);
    return rows[0] ? rowToChunk(rows[0]) : null;
  }

  async getChunks(ids: readonly string[]): Promise<ChunkRecord[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<ChunkRow>(DOCUMENT_SQL.getChunks, [ids]);
    return inIdOrder(ids, rows.map(rowToChunk));
  }

  private async one(sql: string, params: unknown[]): Promise<DocumentRecord | null> {
    const { rows } = await this.pool.query<DocumentRow>(sql, params);
    return rows[0] ? rowToDocument(rows[0]) : null;
  }
}

/** `records` in the order of `ids`, each once; ids without a record are left out. */
function inIdOrder<T extends { id: string }>(ids: readonly string[], records: T[]): T[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
}

const REFERENCES = ['ownerId', 'collectionId', 'folderId', 'parentDocumentId', 'sourceId'] as const;

/** The details list every reference that was given, as the SQLite adapter's do. */
function missingReference(fields: Partial<Record<(typeof REFERENCES)[number], string | null>>): AppError {
  const references = Object.fromEntries(
    REFERENCES.filter((k) => fields[k] != null).map((k) => [k, fields[k]]),
  );
  return new AppError(
    'DOCUMENT_REFERENCE_NOT_FOUND',
    'not_found',
    'the owner, collection, folder, parent document or source the document refers to does not exist',
    { details: references },
  );
}
