import type { PgPool } from '@sift/adapter-postgres';

const SHARED = ['harbor', 'ledger', 'lantern', 'orchard', 'granite', 'meadow', 'quartz', 'willow'];
const FILLER = [
  'survey',
  'notes',
  'about',
  'the',
  'river',
  'crossing',
  'north',
  'field',
  'station',
  'report',
];

/**
 * A word only document `i` contains: letters only, so every analyzer keeps it as one token, and ending in
 * `x`, which no stemmer rule touches (`zqaby` and `zqabi` would both stem to `zqabi`).
 */
export function uniqueWord(i: number): string {
  let word = '';
  let n = i;
  do {
    word = String.fromCharCode(97 + (n % 26)) + word;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `zq${word.padStart(3, 'a')}x`;
}

/** The size class of document `i`: short (one chunk), medium, long (several chunks). */
export function sizeClass(i: number): 'short' | 'medium' | 'long' {
  return (['short', 'medium', 'long'] as const)[i % 3]!;
}

/**
 * A small Markdown note: its unique word in the title and body, a few of the shared words (how many varies
 * with `i`, so a search for them ranks documents differently), and filler; long notes have many sections.
 */
export function corpusDocument(i: number): { filename: string; text: string } {
  const word = uniqueWord(i);
  const sections = { short: 1, medium: 3, long: 8 }[sizeClass(i)];
  const parts = [`# Field note ${word}\n`];
  for (let s = 0; s < sections; s++) {
    const shared = SHARED.filter((_, k) => (i + s + k) % (k + 2) === 0);
    const filler = Array.from({ length: 40 }, (_, k) => FILLER[(i * 7 + s * 3 + k) % FILLER.length]);
    parts.push(`## Section ${s + 1}\n\n${word} ${shared.join(' ')} ${filler.join(' ')}.\n`);
  }
  return { filename: `note-${String(i).padStart(5, '0')}-${word}.md`, text: parts.join('\n') };
}

export interface Uploaded {
  index: number;
  id: string;
  /** The API node that took the upload. */
  via: string;
}

/**
 * Uploads documents `0..count-1`, alternating between the API nodes, `concurrency` requests in flight.
 * Each upload must be accepted (202) with one document.
 */
export async function uploadCorpus(
  apis: { name: string; base: string }[],
  count: number,
  concurrency: number,
): Promise<Uploaded[]> {
  const uploaded: Uploaded[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      const api = apis[index % apis.length]!;
      const { filename, text } = corpusDocument(index);
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'text/markdown' }), filename);
      const res = await fetch(`${api.base}/api/v1/documents`, { method: 'POST', body: form });
      if (res.status !== 202) {
        throw new Error(`upload ${index} via ${api.name}: ${res.status} ${await res.text()}`);
      }
      const body = (await res.json()) as { items: { document_id: string }[] };
      uploaded.push({ index, id: body.items[0]!.document_id, via: api.name });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return uploaded.sort((a, b) => a.index - b.index);
}

/** How many documents are in each status, read from PostgreSQL. */
export async function documentStatuses(pg: PgPool): Promise<Record<string, number>> {
  const { rows } = await pg.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM documents GROUP BY status',
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Polls until `done(statuses)`, failing after `timeoutMs` with the last counts and what `describe` adds
 * (e.g. the tails of the process logs).
 */
export async function waitForStatuses(
  pg: PgPool,
  done: (statuses: Record<string, number>) => boolean,
  timeoutMs: number,
  what: string,
  describe: () => string = () => '',
): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await documentStatuses(pg);
    if (done(statuses)) return statuses;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}; documents by status: ${JSON.stringify(statuses)}\n${describe()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Rows that would betray a half-written or twice-written document; every count must be 0. */
export async function orphanCounts(pg: PgPool): Promise<Record<string, number>> {
  const queries: Record<string, string> = {
    chunksWithoutDocument: `SELECT count(*) FROM document_chunks c
      WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.document_id)`,
    lexicalChunksWithoutChunk: `SELECT count(*) FROM lexical_chunks l
      WHERE NOT EXISTS (SELECT 1 FROM document_chunks c WHERE c.seq = l.seq)`,
    postingsWithoutChunk: `SELECT count(*) FROM lexical_postings p
      WHERE NOT EXISTS (SELECT 1 FROM document_chunks c WHERE c.seq = p.seq)`,
    postingsWithoutLexicalChunk: `SELECT count(*) FROM lexical_postings p
      WHERE NOT EXISTS (SELECT 1 FROM lexical_chunks l WHERE l.seq = p.seq)`,
    chunksNotIndexed: `SELECT count(*) FROM document_chunks c
      WHERE NOT EXISTS (SELECT 1 FROM lexical_chunks l WHERE l.seq = c.seq)`,
    vectorsWithoutChunk: `SELECT count(*) FROM chunk_vectors v
      WHERE NOT EXISTS (SELECT 1 FROM document_chunks c WHERE c.seq = v.chunk_seq)`,
    // BM25 statistics kept in step: a document indexed twice (or removed once too often) leaves drift.
    termStatsDrift: `SELECT count(*) FROM (
      SELECT coalesce(s.term, p.term) FROM (SELECT term, sum(chunks) AS n FROM lexical_term_stats GROUP BY term) s
      FULL JOIN (SELECT term, count(*) AS n FROM lexical_postings GROUP BY term) p ON p.term = s.term
      WHERE coalesce(s.n, 0) <> coalesce(p.n, 0)) d`,
    totalsDrift: `SELECT count(*) FROM (SELECT
        (SELECT coalesce(sum(chunks), 0) FROM lexical_totals) AS chunks,
        (SELECT coalesce(sum(tokens), 0) FROM lexical_totals) AS tokens,
        (SELECT count(*) FROM lexical_chunks) AS live_chunks,
        (SELECT coalesce(sum(length), 0) FROM lexical_chunks) AS live_tokens) t
      WHERE chunks <> live_chunks OR tokens <> live_tokens`,
    // A gap in chunk_index means a chunk was lost or two processings were mixed.
    documentsWithChunkGaps: `SELECT count(*) FROM (SELECT document_id FROM document_chunks
      GROUP BY document_id HAVING count(*) <> max(chunk_index) + 1) g`,
  };
  const counts: Record<string, number> = {};
  for (const [name, sql] of Object.entries(queries)) {
    const { rows } = await pg.query<{ count: string }>(sql);
    counts[name] = Number(rows[0]!.count);
  }
  return counts;
}

/** Chunks per document id. */
export async function chunksPerDocument(pg: PgPool): Promise<Map<string, number>> {
  const { rows } = await pg.query<{ document_id: string; n: string }>(
    'SELECT document_id, count(*) AS n FROM document_chunks GROUP BY document_id',
  );
  return new Map(rows.map((r) => [r.document_id, Number(r.n)]));
}
