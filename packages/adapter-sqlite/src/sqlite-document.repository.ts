import { createHash, randomUUID } from 'node:crypto';
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
import { mapConstraints } from './sqlite-constraint.js';
import type { SqliteDatabase } from './sqlite-database.js';
import {
  DOCUMENT_RETURNING,
  invalid,
  patchAssignments,
  rowToChunk,
  rowToDocument,
  rowToText,
  type ChunkRow,
  type DocumentRow,
  type TextRow,
} from './sqlite-document.mapper.js';
import { encodeDocumentCursor, listOrder, type SortValue } from './sqlite-document-order.js';
import { DOCUMENT_SQL, documentListQuery } from './sqlite-document.queries.js';
import { StatementCache } from './sqlite-statements.js';
import { VECTOR_SQL, encodeVector, ensureSpace, vectorProblem } from './sqlite-vector-rows.js';

/**
 * Documents, their text and chunks on the SQLite file. Every multi-row change is one IMMEDIATE transaction
 * (the write lock is taken before the first read, so what it read is still true when it writes); the lexical
 * index follows the chunk rows through triggers in the same transaction (migration 002).
 */
export class SqliteDocumentRepository implements DocumentRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async insert(doc: NewDocument): Promise<DocumentRecord> {
    const insert = this.db.transaction((): DocumentRow => {
      // Read under the write lock, so upload times follow commit order across processes.
      const now = Date.now();
      this.sql.get(DOCUMENT_SQL.retainBlob).run({ sha256: doc.sha256, size: doc.size, now });
      return this.sql.get(DOCUMENT_SQL.insert).get({
        id: doc.id ?? randomUUID(),
        ownerId: doc.ownerId,
        collectionId: doc.collectionId,
        folderId: doc.folderId,
        parentDocumentId: doc.parentDocumentId,
        sourceId: doc.sourceId,
        sourcePath: doc.sourcePath,
        sourceMtimeMs: doc.sourceMtimeMs,
        filename: doc.filename,
        originalFilename: doc.originalFilename,
        contentType: doc.contentType,
        category: doc.category,
        size: doc.size,
        sha256: doc.sha256,
        status: doc.status,
        metadata: JSON.stringify(doc.metadata),
        tags: JSON.stringify(doc.tags),
        now,
      }) as DocumentRow;
    });
    const row = mapConstraints(() => insert.immediate(), {
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
    });
    return rowToDocument(row);
  }

  async get(id: string): Promise<DocumentRecord | null> {
    return this.one(DOCUMENT_SQL.getById, id);
  }

  async getMany(ids: readonly string[]): Promise<DocumentRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.sql.get(DOCUMENT_SQL.getByIds).all(JSON.stringify(ids)) as DocumentRow[];
    return inIdOrder(ids, rows.map(rowToDocument));
  }

  async findBySha(
    ownerId: string,
    collectionId: string | null,
    sha256: string,
  ): Promise<DocumentRecord | null> {
    const row = this.sql.get(DOCUMENT_SQL.findBySha).get({ ownerId, collectionId, sha256 }) as
      DocumentRow | undefined;
    return row ? rowToDocument(row) : null;
  }

  async findChild(parentId: string, sourcePath: string): Promise<DocumentRecord | null> {
    return this.one(DOCUMENT_SQL.findChild, parentId, sourcePath);
  }

  async list(filter: DocumentFilter): Promise<Page<DocumentRecord>> {
    const query = documentListQuery(filter);
    const rows = this.sql.get(query.sql).all(...query.params) as (DocumentRow & { sort_key: SortValue })[];
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
    const row = mapConstraints(() => this.applyPatch(id, patch, {}, Date.now()), {
      foreign_key: () => missingReference(patch),
      check: (reason) => invalid(reason),
    });
    return row ? rowToDocument(row) : null;
  }

  async saveContent(id: string, content: DocumentContent): Promise<DocumentRecord | null> {
    const vectors = content.vectors
      ? { space: content.vectors.space, blobs: encodeContentVectors(id, content) }
      : null;
    const save = this.db.transaction((): DocumentRow | undefined => {
      const now = Date.now();
      if (!this.sql.get(DOCUMENT_SQL.exists).get(id)) return undefined;
      if (vectors) {
        const problem = ensureSpace(this.sql, vectors.space, now);
        if (problem) throw contentInvalid(id, problem);
      }
      this.sql.get(DOCUMENT_SQL.upsertText).run({
        documentId: id,
        text: content.text.text,
        blocks: JSON.stringify(content.text.blocks),
        pages: JSON.stringify(content.text.pages),
        extractorName: content.text.extractor.name,
        extractorVersion: content.text.extractor.version,
        now,
      });
      // The delete trigger removes the old index rows; the insert trigger adds the new ones. The patch goes in
      // between: a new title then re-indexes no chunks, and the new chunks are indexed with it once.
      this.sql.get(DOCUMENT_SQL.deleteChunks).run(id);
      const updated = this.applyPatch(id, content.patch, { chunk_count: content.chunks.length }, now);
      const insertChunk = this.sql.get(DOCUMENT_SQL.insertChunk);
      const insertVector = this.sql.get(VECTOR_SQL.upsertVector);
      for (const [i, chunk] of content.chunks.entries()) {
        const { lastInsertRowid: seq } = insertChunk.run({
          id: randomUUID(),
          documentId: id,
          index: chunk.index,
          content: chunk.content,
          startChar: chunk.startChar,
          endChar: chunk.endChar,
          pageFrom: chunk.pageFrom,
          pageTo: chunk.pageTo,
          headingPath: JSON.stringify(chunk.headingPath),
          timeStartMs: chunk.timeStartMs,
          timeEndMs: chunk.timeEndMs,
          tokenCount: chunk.tokenCount,
          confidence: chunk.confidence,
          origin: chunk.origin,
          contentSha256: createHash('sha256').update(chunk.content).digest('hex'),
          now,
        });
        // Deleting the old chunks above deleted their vectors (cascade), in every space.
        if (vectors) insertVector.run(vectors.space.id, seq, vectors.blobs[i]);
      }
      return updated;
    });
    const row = mapConstraints(() => save.immediate(), {
      // Content comes from the pipeline, not from a person: a refused chunk is a bug that retrying repeats.
      unique: (reason) => contentInvalid(id, reason),
      check: (reason) => contentInvalid(id, reason),
      foreign_key: (reason) => contentInvalid(id, reason),
    });
    return row ? rowToDocument(row) : null;
  }

  async delete(id: string): Promise<{ deleted: DocumentRecord[]; unreferencedBlobs: string[] } | null> {
    const remove = this.db.transaction(() => {
      const rows = this.sql.get(DOCUMENT_SQL.subtree).all({ id }) as DocumentRow[];
      if (rows.length === 0) return null;
      // Deleting the documents deletes their texts and chunks (cascade) and their index rows (trigger).
      this.sql.get(DOCUMENT_SQL.deleteSubtree).run({ id });
      const refs = new Map<string, number>();
      for (const row of rows) refs.set(row.sha256, (refs.get(row.sha256) ?? 0) + 1);
      const unreferencedBlobs: string[] = [];
      for (const [sha256, count] of refs) {
        const left = this.sql.get(DOCUMENT_SQL.releaseBlob).get({ sha256, count }) as
          { ref_count: number } | undefined;
        if (left?.ref_count === 0) unreferencedBlobs.push(sha256);
      }
      return { deleted: rows.map(rowToDocument), unreferencedBlobs };
    });
    return remove.immediate();
  }

  async getText(id: string): Promise<DocumentText | null> {
    const row = this.sql.get(DOCUMENT_SQL.getText).get(id) as TextRow | undefined;
    return row ? rowToText(row) : null;
  }

  async listChunks(
    documentId: string,
    options: { offset?: number; limit?: number } = {},
  ): Promise<ChunkRecord[]> {
    const rows = this.sql.get(DOCUMENT_SQL.listChunks).all({
      documentId,
      limit: options.limit === undefined ? -1 : Math.max(0, Math.floor(options.limit)),
      offset: Math.max(0, Math.floor(options.offset ?? 0)),
    }) as ChunkRow[];
    return rows.map(rowToChunk);
  }

  async getChunk(id: string): Promise<ChunkRecord | null> {
    const row = this.sql.get(DOCUMENT_SQL.getChunk).get(id) as ChunkRow | undefined;
    return row ? rowToChunk(row) : null;
  }

  async getChunks(ids: readonly string[]): Promise<ChunkRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.sql.get(DOCUMENT_SQL.getChunks).all(JSON.stringify(ids)) as ChunkRow[];
    return inIdOrder(ids, rows.map(rowToChunk));
  }

  /** One UPDATE of the patched columns (plus `extra` columns), returning the row, or undefined if absent. */
  private applyPatch(
    id: string,
    patch: DocumentPatch,
    extra: Record<string, number>,
    now: number,
  ): DocumentRow | undefined {
    const { sql, params } = patchAssignments(patch);
    const extraSets = Object.keys(extra).map((column) => `, ${column} = @x_${column}`);
    const extraParams = Object.fromEntries(Object.entries(extra).map(([column, v]) => [`x_${column}`, v]));
    return this.sql
      .get(`UPDATE documents SET ${sql}${extraSets.join('')} WHERE id = @id ${DOCUMENT_RETURNING}`)
      .get({ ...params, ...extraParams, id, now }) as DocumentRow | undefined;
  }

  private one(sql: string, ...params: unknown[]): DocumentRecord | null {
    const row = this.sql.get(sql).get(...params) as DocumentRow | undefined;
    return row ? rowToDocument(row) : null;
  }
}

/** `records` in the order of `ids`, each once; ids without a record are left out. */
function inIdOrder<T extends { id: string }>(ids: readonly string[], records: T[]): T[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
}

const REFERENCES = ['ownerId', 'collectionId', 'folderId', 'parentDocumentId', 'sourceId'] as const;

/** SQLite does not say which foreign key failed, so the details list every reference that was given. */
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

/** The vectors of `content`, checked against its chunks and space and encoded, before anything is written. */
function encodeContentVectors(id: string, content: DocumentContent): Buffer[] {
  const { space, vectors } = content.vectors!;
  if (vectors.length !== content.chunks.length) {
    throw contentInvalid(id, `${vectors.length} vectors for ${content.chunks.length} chunks`);
  }
  return vectors.map((vector, i) => {
    const problem = vectorProblem(vector, space.dimensions);
    if (problem) throw contentInvalid(id, `the vector of chunk ${i} ${problem}`);
    return encodeVector(vector);
  });
}

function contentInvalid(id: string, reason: string): AppError {
  return new AppError(
    'DOCUMENT_CONTENT_INVALID',
    'system',
    `the content of document ${id} was refused: ${reason}`,
    {
      retryable: false,
      details: { documentId: id, reason },
    },
  );
}
