import type { PgMigration } from './pg-migration.js';

/**
 * The lexical index as plain tables that BM25 is computed from in SQL (pg-lexical-index.adapter.ts), written
 * by pg-lexical-rows.ts in the transaction that writes the chunks. It mirrors FTS5's bm25(): per chunk the
 * term frequency in each column (content, heading path, title) and the chunk's length in tokens over all
 * columns; per term the number of chunks holding it; in total the chunks and their tokens (for avgdl).
 * Terms are those of @sift/lexical-analysis, as in the SQLite index; the stop word placeholder counts in a
 * chunk's length but has no postings (no query asks for it).
 *
 * - `lexical_chunks`: one row per indexed chunk, keyed by `document_chunks.seq` — the compact key postings
 *   use (a text chunk id in each of ~10M postings would double their size) and the tie-break of equal
 *   scores, as the chunk's seq is FTS5's rowid in SQLite. The chunk and document ids are repeated so a
 *   search reads this narrow table, not the chunks' text. The foreign key is deferred so the store may
 *   delete chunks and unindex them in either order within a transaction; at commit a chunk deleted without
 *   being unindexed fails loudly rather than skewing the statistics.
 * - `lexical_postings`: (term, seq) with the frequencies and the chunk's length included in the key's index,
 *   so scoring a term reads its postings from the index alone; `(seq)` serves deletion.
 * - `lexical_term_stats` and `lexical_totals` are counters split into shards by backend (pg_backend_pid()
 *   % 16): concurrent writers (several worker processes) would otherwise queue on the rows of common terms
 *   and on the one totals row until each commits. Readers sum the shards; a shard may go negative (a chunk
 *   indexed through one connection, deleted through another), only the sum means anything.
 *
 * `term` uses the C collation: byte order is all a posting list needs, and faster to compare.
 */
export const lexicalBm25: PgMigration = {
  version: 3,
  name: 'lexical-bm25',
  up: /* sql */ `
CREATE TABLE lexical_chunks (
  seq bigint PRIMARY KEY REFERENCES document_chunks (seq) DEFERRABLE INITIALLY DEFERRED,
  chunk_id text COLLATE "C" NOT NULL UNIQUE,
  document_id text COLLATE "C" NOT NULL,
  length integer NOT NULL CHECK (length >= 0)
);
CREATE INDEX lexical_chunks_document_idx ON lexical_chunks (document_id);

CREATE TABLE lexical_postings (
  term text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  content_tf integer NOT NULL,
  heading_tf integer NOT NULL,
  title_tf integer NOT NULL,
  length integer NOT NULL,
  PRIMARY KEY (term, seq) INCLUDE (content_tf, heading_tf, title_tf, length)
);
CREATE INDEX lexical_postings_seq_idx ON lexical_postings (seq);

CREATE TABLE lexical_term_stats (
  term text COLLATE "C" NOT NULL,
  shard smallint NOT NULL,
  chunks bigint NOT NULL,
  PRIMARY KEY (term, shard)
);

CREATE TABLE lexical_totals (
  shard smallint PRIMARY KEY,
  chunks bigint NOT NULL,
  tokens bigint NOT NULL
);
`,
};
