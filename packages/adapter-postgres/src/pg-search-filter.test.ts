import type { SearchFilter } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchFilterSql } from './pg-search-filter.js';
import { createTestPgDatabase, postgresAvailable, type TestPgDatabase } from './testing/pg-test-database.js';

const available = await postgresAvailable();
const SHA = 'b'.repeat(64);

/**
 * searchFilterSql against real rows: the fields the lexical contract suite does not reach (authorization)
 * and the JSON type rules of metadata, with parameters placed after the caller's own.
 */
describe.skipIf(!available)('searchFilterSql (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;

  beforeAll(async () => {
    db = await createTestPgDatabase();
    await db.pool.query(
      `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
       VALUES ('alice', 'a@x', 'alice', 'A', 0, 0), ('bob', 'b@x', 'bob', 'B', 0, 0)`,
    );
    await db.pool.query(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES ($1, 1, 9, 0)`, [
      SHA,
    ]);
    await db.pool.query(
      `INSERT INTO collections (id, owner_id, name, created_at, updated_at)
       VALUES ('shared', 'bob', 'shared', 0, 0), ('private', 'bob', 'private', 0, 0)`,
    );
    const docs: [string, string, string | null, string][] = [
      ['own', 'alice', null, '{"n": 2, "flag": true}'],
      ['in-shared', 'bob', 'shared', '{"n": 2.0, "flag": 1}'],
      ['in-private', 'bob', 'private', '{"n": "2", "flag": "true"}'],
    ];
    for (const [id, owner, collection, metadata] of docs) {
      await db.pool.query(
        `INSERT INTO documents (id, owner_id, collection_id, filename, original_filename, content_type, size, sha256,
           metadata, uploaded_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'f', 'f', 'text/plain', 1, $4, $5::jsonb, 0, 0, 0)`,
        [id, owner, collection, SHA, metadata],
      );
    }
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  /** Ids of the documents the filter admits, with one parameter of the caller's own bound first. */
  const admitted = async (filter: SearchFilter) => {
    const params: unknown[] = ['ignored'];
    const where = searchFilterSql(filter, params, 'doc');
    const { rows } = await db.pool.query<{ id: string }>(
      `SELECT doc.id FROM documents doc WHERE $1::text IS NOT NULL AND ${where} ORDER BY doc.id`,
      params,
    );
    return rows.map((r) => r.id);
  };

  it('admits what the principal owns or reaches through collections, and nothing more', async () => {
    expect(await admitted({ access: { ownerId: 'alice', collectionIds: ['shared'] } })).toEqual([
      'in-shared',
      'own',
    ]);
    expect(await admitted({ access: { ownerId: 'alice', collectionIds: [] } })).toEqual(['own']);
    // A principal without documents of its own (an API key scoped to collections).
    expect(await admitted({ access: { ownerId: null, collectionIds: ['private'] } })).toEqual(['in-private']);
    expect(await admitted({ access: { ownerId: null, collectionIds: [] } })).toEqual([]);
    // Combined with the other fields by AND.
    expect(
      await admitted({ access: { ownerId: 'alice', collectionIds: ['shared'] }, ownerId: 'bob' }),
    ).toEqual(['in-shared']);
  });

  it('compares metadata by JSON type and value: 2 is 2.0, but not "2", and true is not 1', async () => {
    expect(await admitted({ metadata: { n: 2 } })).toEqual(['in-shared', 'own']);
    expect(await admitted({ metadata: { n: '2' } })).toEqual(['in-private']);
    expect(await admitted({ metadata: { flag: true } })).toEqual(['own']);
    expect(await admitted({ metadata: { flag: true, n: 2 } })).toEqual(['own']);
    expect(await admitted({ metadata: {} })).toEqual(['in-private', 'in-shared', 'own']);
  });

  it('gives TRUE and binds nothing for an empty filter', () => {
    const params: unknown[] = [];
    expect(searchFilterSql({}, params, 'd')).toBe('TRUE');
    expect(params).toEqual([]);
  });
});
