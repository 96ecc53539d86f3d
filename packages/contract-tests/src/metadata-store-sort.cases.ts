import {
  DOCUMENT_SORTS,
  type DocumentFilter,
  type DocumentRecord,
  type DocumentSort,
  type NewDocument,
  type SortOrder,
} from '@sift/core';
import { expect, it } from 'vitest';
import { contentOf, newDocument, type StoreFixture } from './metadata-store.fixture.js';

type Key = string | number | null;

/** Each sort's key as the port defines it (names: ASCII-only here, where every store folds case alike). */
const KEYS: Record<DocumentSort, (d: DocumentRecord) => Key> = {
  uploaded_at: (d) => Date.parse(d.uploadedAt),
  name: (d) => (d.title?.trim() || d.filename).toLowerCase(),
  size: (d) => d.size,
  status: (d) => d.status,
  type: (d) => d.contentType,
  chunk_count: (d) => d.chunkCount,
  processed_at: (d) => (d.processedAt === null ? null : Date.parse(d.processedAt)),
};

/** NULL is the lowest key. */
const compareKeys = (a: Key, b: Key): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

const T1 = '2024-03-01T10:00:00.000Z';
const T2 = '2024-03-02T10:00:00.000Z';

interface Seed {
  doc: Partial<NewDocument>;
  title?: string;
  /** Processed with this many chunks at this time, in this language. */
  processed?: { at: string; chunks: number; language: string };
}

/** Equal keys on purpose: two names equal but for case, three sizes of 300, two processing times of T1, NULLs. */
const SEEDS: Seed[] = [
  { doc: { filename: 'b.pdf', size: 300 } },
  {
    doc: { filename: 'zeta.txt', size: 100, contentType: 'text/plain' },
    processed: { at: T1, chunks: 2, language: 'en' },
    title: 'Alpha report',
  },
  { doc: { filename: 'A.pdf', size: 300, status: 'failed' } },
  {
    doc: { filename: 'c.png', size: 50, contentType: 'image/png', category: 'image', status: 'uploaded' },
    title: '  ',
  },
  {
    doc: { filename: 'other.docx', size: 100, contentType: 'application/vnd.openxmlformats' },
    processed: { at: T2, chunks: 5, language: 'de' },
    title: 'ALPHA REPORT',
  },
  {
    doc: { filename: 'd.txt', size: 7000, contentType: 'text/plain' },
    processed: { at: T1, chunks: 2, language: 'en' },
    title: ' Delta ',
  },
  { doc: { filename: 'e.mp3', size: 0, contentType: 'audio/mpeg', category: 'audio', status: 'processing' } },
  { doc: { filename: 'B.PDF', size: 300 } },
];

/** documents.list with `sort` and `order`: every order, keyset paging through ties and NULLs, wrong cursors. */
export function sortCases(f: StoreFixture): void {
  /** The seeded documents as stored, in insertion order. */
  const seed = async (): Promise<DocumentRecord[]> => {
    const docs: DocumentRecord[] = [];
    for (const s of SEEDS) {
      const doc = await f.store.documents.insert(newDocument({ status: 'queued', ...s.doc }));
      if (s.processed) {
        const text = 'x'.repeat(s.processed.chunks);
        const patch = {
          status: 'processed' as const,
          processedAt: s.processed.at,
          language: s.processed.language,
          ...(s.title !== undefined ? { title: s.title } : {}),
        };
        await f.store.documents.saveContent(
          doc.id,
          contentOf(text, Array<number>(s.processed.chunks).fill(1), patch),
        );
      } else if (s.title !== undefined) {
        await f.store.documents.update(doc.id, { title: s.title });
      }
      docs.push((await f.store.documents.get(doc.id))!);
    }
    return docs;
  };

  /** Ascending: by key, then insertion order; descending is the exact reverse. */
  const expected = (docs: DocumentRecord[], sort: DocumentSort, order: SortOrder): string[] => {
    const asc = docs
      .map((doc, inserted) => ({ doc, inserted }))
      .sort((a, b) => compareKeys(KEYS[sort](a.doc), KEYS[sort](b.doc)) || a.inserted - b.inserted)
      .map(({ doc }) => doc.id);
    return order === 'asc' ? asc : asc.reverse();
  };

  /** Every page from the first, following cursors to the end. */
  const allPages = async (filter: DocumentFilter): Promise<string[][]> => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await f.store.documents.list({ ...filter, cursor });
      pages.push(page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  };

  for (const sort of DOCUMENT_SORTS) {
    it(`orders by ${sort} both ways, equal keys in insertion order, and pages through them without gaps or repeats`, async () => {
      const docs = await seed();
      for (const order of ['asc', 'desc'] as const) {
        const want = expected(docs, sort, order);
        expect(
          (await f.store.documents.list({ sort, order })).items.map((d) => d.id),
          order,
        ).toEqual(want);
        for (const limit of [1, 3]) {
          const pages = await allPages({ sort, order, limit });
          expect(pages.flat(), `${order}, ${limit} per page`).toEqual(want);
          expect(pages.map((p) => p.length)).toEqual(
            Array.from({ length: Math.ceil(want.length / limit) }, (_, i) =>
              Math.min(limit, want.length - i * limit),
            ),
          );
        }
      }
    });
  }

  it('sorts names case-insensitively by the title, else (title blank or absent) the filename', async () => {
    await seed();
    const names = (await f.store.documents.list({ sort: 'name', order: 'asc' })).items.map((d) =>
      KEYS.name(d),
    );
    expect(names).toEqual([
      'a.pdf',
      'alpha report',
      'alpha report',
      'b.pdf',
      'b.pdf',
      'c.png',
      'delta',
      'e.mp3',
    ]);
  });

  it('compares long names on their first 120 characters, with cursors of at most 1000 characters', async () => {
    const prefix = 'Ünïcödé title '.repeat(10); // 140 characters, several bytes each in UTF-8
    const ids: string[] = [];
    for (const [filename, title] of [
      ['z.pdf', `${prefix}b`],
      [`${'ä'.repeat(250)}.pdf`, null],
      ['y.pdf', `${prefix}a`],
      ['x.pdf', 'x'.repeat(5000)],
    ] as const) {
      const doc = await f.store.documents.insert(newDocument({ filename }));
      if (title) await f.store.documents.update(doc.id, { title });
      ids.push(doc.id);
    }
    let cursor: string | undefined;
    const seen: string[] = [];
    do {
      const page = await f.store.documents.list({ sort: 'name', limit: 1, cursor });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
      expect((cursor ?? '').length).toBeLessThanOrEqual(1000);
    } while (cursor);
    // The two titles differ after 140 characters only: equal keys, so insertion order.
    expect(seen).toEqual([ids[3], ids[0], ids[2], ids[1]]);
  });

  it('puts documents without a processing time last when descending and first when ascending', async () => {
    await seed();
    const times = async (order: SortOrder) =>
      (await f.store.documents.list({ sort: 'processed_at', order })).items.map((d) => d.processedAt);
    expect(await times('desc')).toEqual([T2, T1, T1, null, null, null, null, null]);
    expect(await times('asc')).toEqual([null, null, null, null, null, T1, T1, T2]);
  });

  it('defaults to newest upload first, names and labels ascending, sizes, counts and times descending', async () => {
    const docs = await seed();
    expect((await f.store.documents.list({})).items.map((d) => d.id)).toEqual(
      expected(docs, 'uploaded_at', 'desc'),
    );
    for (const sort of DOCUMENT_SORTS) {
      const order: SortOrder = ['name', 'status', 'type'].includes(sort) ? 'asc' : 'desc';
      const page = await f.store.documents.list({ sort, limit: 2 });
      expect(
        page.items.map((d) => d.id),
        sort,
      ).toEqual(expected(docs, sort, order).slice(0, 2));
      // The cursor of the default order is the one of the explicit order.
      const next = await f.store.documents.list({ sort, order, limit: 2, cursor: page.nextCursor! });
      expect(
        next.items.map((d) => d.id),
        sort,
      ).toEqual(expected(docs, sort, order).slice(2, 4));
    }
  });

  it('refuses a cursor made for another sort or order (INVALID_CURSOR)', async () => {
    await seed();
    const { nextCursor } = await f.store.documents.list({ sort: 'name', order: 'asc', limit: 2 });
    expect(nextCursor).not.toBeNull();
    for (const filter of [
      { sort: 'name', order: 'desc' },
      { sort: 'size', order: 'asc' },
      {},
    ] satisfies DocumentFilter[]) {
      await expect(
        f.store.documents.list({ ...filter, cursor: nextCursor! }),
        JSON.stringify(filter),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR', category: 'user' });
    }
  });

  it('sorts and pages within the filters', async () => {
    const docs = await seed();
    const pages = await allPages({ sort: 'name', order: 'desc', languages: ['en', 'de'], limit: 1 });
    // d.txt "Delta", then the two "Alpha report"s, the later insert first.
    expect(pages.flat()).toEqual([docs[5]!.id, docs[4]!.id, docs[1]!.id]);
    const pdfs = await allPages({ sort: 'size', order: 'asc', type: ['application/pdf'], limit: 2 });
    expect(pdfs.flat()).toEqual([docs[0]!.id, docs[2]!.id, docs[7]!.id]);
  });
}
