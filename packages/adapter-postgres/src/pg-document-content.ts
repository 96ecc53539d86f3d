import { createHash, randomUUID } from 'node:crypto';
import { AppError, type DocumentContent, type DocumentPatch, type DocumentRecord } from '@sift/core';
import { encodeVector, ensureSpace, upsertVectors, vectorProblem } from './pg-chunk-vectors.js';
import type { PgClient } from './pg-database.js';
import { patchAssignments, rowToDocument, type DocumentRow } from './pg-document.mapper.js';
import { DOCUMENT_SQL } from './pg-document.queries.js';
import type { LexicalAnalyzer } from '@sift/lexical-analysis';
import { indexLexicalChunks, unindexLexicalChunks, type LexicalChunkRow } from './pg-lexical-rows.js';

/**
 * The multi-table writes of a document, each run inside the caller's transaction: its content (text, chunks,
 * lexical rows, vectors, patch), its deletion with its descendants, and a patch that changes what its chunks
 * are indexed with. The lexical index has no triggers on PostgreSQL (its analysis is JavaScript): these are the
 * places SQLite's FTS triggers fire, and each calls the hooks of pg-lexical-rows.ts — old rows out while the old
 * chunks, title and language can still be read, new rows in once the new ones are written.
 */

/** One UPDATE of the patched columns (plus `extra` columns), returning the row, or undefined if absent. */
export async function applyPatch(
  client: PgClient,
  id: string,
  patch: DocumentPatch,
  extra: Record<string, number>,
  now: number,
): Promise<DocumentRow | undefined> {
  const params: unknown[] = [];
  const sets = [patchAssignments(patch, now, params)];
  for (const [column, value] of Object.entries(extra)) {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  params.push(id);
  const { rows } = await client.query<DocumentRow>(
    `UPDATE documents SET ${sets.join(', ')} WHERE id = $${params.length} RETURNING *`,
    params,
  );
  return rows[0];
}

/** `update` of a patch that changes the title or the language: the chunks are re-indexed with the new ones. */
export async function patchIndexed(
  client: PgClient,
  id: string,
  patch: DocumentPatch,
  now: number,
  analyzer?: LexicalAnalyzer,
): Promise<DocumentRow | undefined> {
  const { rows } = await client.query<{ title: string | null; language: string | null }>(DOCUMENT_SQL.lock, [
    id,
  ]);
  const before = rows[0];
  if (!before) return undefined;
  const changes =
    (patch.title !== undefined && patch.title !== before.title) ||
    (patch.language !== undefined && patch.language !== before.language);
  const chunkIds = changes ? await chunkIdsOf(client, [id]) : [];
  if (chunkIds.length > 0) await unindexLexicalChunks(client, chunkIds);
  const row = await applyPatch(client, id, patch, {}, now);
  if (chunkIds.length > 0) {
    const lexical = await client.query<LexicalChunkRow>(DOCUMENT_SQL.lexicalRows, [id]);
    await indexLexicalChunks(client, lexical.rows, analyzer);
  }
  return row;
}

/** saveContent inside a transaction; undefined when the document is gone. */
export async function replaceContent(
  client: PgClient,
  id: string,
  content: DocumentContent,
  now: number,
  analyzer?: LexicalAnalyzer,
): Promise<DocumentRow | undefined> {
  const vectors = content.vectors
    ? { space: content.vectors.space, bytes: encodeContentVectors(id, content) }
    : null;
  if ((await client.query(DOCUMENT_SQL.lock, [id])).rowCount === 0) return undefined;
  if (vectors) {
    const problem = await ensureSpace(client, vectors.space, now);
    if (problem) throw contentInvalid(id, problem);
  }
  const { text } = content;
  await client.query(DOCUMENT_SQL.upsertText, [
    id,
    text.text,
    JSON.stringify(text.blocks),
    JSON.stringify(text.pages),
    text.extractor.name,
    text.extractor.version,
    now,
  ]);
  await unindexLexicalChunks(client, await chunkIdsOf(client, [id]));
  // Deleting the old chunks deletes their vectors too (cascade), in every space. The patch goes in between:
  // the new chunks are indexed with the new title and language, once.
  await client.query(DOCUMENT_SQL.deleteChunks, [id]);
  const updated = await applyPatch(client, id, content.patch, { chunk_count: content.chunks.length }, now);
  const chunks = content.chunks;
  const col = <T>(pick: (c: (typeof chunks)[number]) => T) => chunks.map(pick);
  const inserted = await client.query<{ seq: number; id: string; chunk_index: number }>(
    DOCUMENT_SQL.insertChunks,
    [
      id,
      now,
      col(() => randomUUID()),
      col((c) => c.index),
      col((c) => c.content),
      col((c) => c.startChar),
      col((c) => c.endChar),
      col((c) => c.pageFrom),
      col((c) => c.pageTo),
      col((c) => JSON.stringify(c.headingPath)),
      col((c) => c.timeStartMs),
      col((c) => c.timeEndMs),
      col((c) => c.tokenCount),
      col((c) => c.confidence),
      col((c) => c.origin),
      col((c) => createHash('sha256').update(c.content).digest('hex')),
    ],
  );
  // chunk_index is unique per document (the insert would have failed otherwise): it maps rows back to drafts.
  const byIndex = new Map(inserted.rows.map((r) => [r.chunk_index, r]));
  const rows = chunks.map((c) => byIndex.get(c.index)!);
  if (vectors) {
    await upsertVectors(
      client,
      vectors.space.id,
      rows.map((r) => r.seq),
      vectors.bytes,
    );
  }
  await indexLexicalChunks(
    client,
    chunks.map((c, i) => ({
      chunkId: rows[i]!.id,
      documentId: id,
      title: updated!.title,
      headingPath: c.headingPath,
      content: c.content,
      language: updated!.language,
    })),
    analyzer,
  );
  return updated;
}

/** delete inside a transaction: the document first, then its descendants by depth; null when it is gone. */
export async function deleteSubtree(
  client: PgClient,
  id: string,
): Promise<{ deleted: DocumentRecord[]; unreferencedBlobs: string[] } | null> {
  const { rows } = await client.query<DocumentRow>(DOCUMENT_SQL.lockSubtree, [id]);
  if (rows.length === 0) return null;
  const ids = rows.map((r) => r.id);
  await unindexLexicalChunks(client, await chunkIdsOf(client, ids));
  // Deleting the documents deletes their texts, chunks and vectors (cascade).
  await client.query(DOCUMENT_SQL.deleteDocuments, [ids]);
  const refs = new Map<string, number>();
  for (const row of rows) refs.set(row.sha256, (refs.get(row.sha256) ?? 0) + 1);
  const unreferencedBlobs: string[] = [];
  // In one global order, so two deletes sharing blobs cannot lock them crosswise (deadlock).
  for (const sha256 of [...refs.keys()].sort()) {
    const left = await client.query<{ ref_count: number }>(DOCUMENT_SQL.releaseBlob, [
      sha256,
      refs.get(sha256),
    ]);
    if (left.rows[0]?.ref_count === 0) unreferencedBlobs.push(sha256);
  }
  return { deleted: rows.map(rowToDocument), unreferencedBlobs };
}

async function chunkIdsOf(client: PgClient, documentIds: string[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(DOCUMENT_SQL.chunkIds, [documentIds]);
  return rows.map((r) => r.id);
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

/** Content comes from the pipeline, not from a person: a refused chunk is a bug that retrying repeats. */
export function contentInvalid(id: string, reason: string): AppError {
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
