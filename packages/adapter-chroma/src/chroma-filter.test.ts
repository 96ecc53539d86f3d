import { describe, expect, it } from 'vitest';
import { MATCHES_NOTHING, chromaWhere, recordMetadata } from './chroma-filter.js';

describe('chromaWhere: SearchFilter → Chroma where', () => {
  it('is empty for an open filter and a single clause for one field', () => {
    expect(chromaWhere({})).toBeUndefined();
    expect(chromaWhere({ excludeDocumentIds: [] })).toBeUndefined();
    expect(chromaWhere({ ownerId: 'u1' })).toEqual({ owner_id: { $eq: 'u1' } });
    expect(chromaWhere({ collectionIds: ['c1', 'c2'] })).toEqual({ collection_id: { $in: ['c1', 'c2'] } });
  });

  it('turns access into $or of own documents and reachable collections', () => {
    expect(chromaWhere({ access: { ownerId: 'u1', collectionIds: ['c1'] } })).toEqual({
      $or: [{ owner_id: { $eq: 'u1' } }, { collection_id: { $eq: 'c1' } }],
    });
    expect(chromaWhere({ access: { ownerId: 'u1', collectionIds: [] } })).toEqual({
      owner_id: { $eq: 'u1' },
    });
    expect(chromaWhere({ access: { ownerId: null, collectionIds: [] } })).toBe(MATCHES_NOTHING);
  });

  it('matches nothing for an empty list, which Chroma itself would refuse', () => {
    for (const filter of [
      { collectionIds: [] },
      { tags: [] },
      { types: [] },
      { languages: [] },
      { folderIds: [] },
    ]) {
      expect(chromaWhere(filter)).toBe(MATCHES_NOTHING);
    }
  });

  it('ANDs fields, ORs tags and types, bounds upload time and keeps metadata values typed', () => {
    expect(
      chromaWhere({
        tags: ['a', 'b', 'a'],
        types: ['image'],
        uploadedFrom: '2024-01-01T00:00:00Z',
        metadata: { year: 1969, final: true },
        excludeDocumentIds: ['d1'],
      }),
    ).toEqual({
      $and: [
        { $or: [{ content_type: { $eq: 'image' } }, { category: { $eq: 'image' } }] },
        { $or: [{ 'tag:a': { $eq: true } }, { 'tag:b': { $eq: true } }] },
        { uploaded_at: { $gte: Date.parse('2024-01-01T00:00:00Z') } },
        { 'meta:year': { $eq: 1969 } },
        { 'meta:final': { $eq: true } },
        { document_id: { $nin: ['d1'] } },
      ],
    });
  });

  it('refuses an upload bound that is not a timestamp (SEARCH_FILTER_INVALID)', () => {
    expect(() => chromaWhere({ uploadedTo: 'soon' })).toThrow(
      expect.objectContaining({ code: 'SEARCH_FILTER_INVALID', category: 'user' }),
    );
  });
});

describe('recordMetadata: a chunk’s filterable fields', () => {
  it('flattens tags and scalar user metadata, and leaves out nulls and what no filter can equal', () => {
    expect(
      recordMetadata('chunk-1', {
        documentId: 'd1',
        ownerId: 'u1',
        collectionId: null,
        folderId: 'f1',
        contentType: 'application/pdf',
        category: 'document',
        tags: ['q3'],
        language: null,
        uploadedAt: 1_700_000_000_000,
        metadata: {
          project: 'apollo',
          year: 1969,
          ratio: 0.5,
          ok: false,
          nested: { a: 1 },
          list: [1],
          huge: 2 ** 60,
        },
      }),
    ).toEqual({
      chunk_id: 'chunk-1',
      document_id: 'd1',
      owner_id: 'u1',
      folder_id: 'f1',
      content_type: 'application/pdf',
      category: 'document',
      uploaded_at: 1_700_000_000_000,
      'tag:q3': true,
      'meta:project': 'apollo',
      'meta:year': 1969,
      'meta:ratio': 0.5,
      'meta:ok': false,
    });
  });
});
