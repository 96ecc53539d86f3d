import type { PgClient, PgQueryable } from './pg-database.js';

/** A column of a table as the importer needs it: its name, type (pg `udt_name`) and whether it is an identity. */
export interface PgImportColumn {
  name: string;
  type: string;
  identity: boolean;
}

// Bind parameters per statement stay well under PostgreSQL's 65,535.
const MAX_PARAMS = 30_000;

/**
 * The columns of `table` in the current schema (search_path), in table order. `sift migrate-data` copies rows
 * by name, so the SQLite and PostgreSQL schemas only need to agree on names, not on column order.
 */
export async function pgImportColumns(db: PgQueryable, table: string): Promise<PgImportColumn[]> {
  const { rows } = await db.query<{ name: string; type: string; identity: boolean }>(
    `SELECT column_name AS name, udt_name AS type, is_identity = 'YES' AS identity
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows;
}

/**
 * A value read from SQLite as PostgreSQL stores it: 0/1 becomes a boolean, JSON text goes in as text cast to
 * jsonb, BLOBs (Buffers) stay bytes, integers and reals pass through (timestamps are epoch ms in both).
 */
function toPg(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'bool') return value === true || value === 1 || value === 1n || value === '1';
  if (type === 'bytea') return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Inserts raw rows (keyed by column name) into `table`, inside the caller's transaction. Identity columns
 * take the given values (OVERRIDING SYSTEM VALUE): migrated rows keep their sequence numbers, which order
 * lists and break ranking ties as SQLite's rowids did. A row whose `conflict` key exists is skipped, so a
 * batch replayed after an interruption adds nothing twice. Returns the rows inserted.
 */
export async function importPgRows(
  client: PgClient,
  table: string,
  columns: readonly PgImportColumn[],
  rows: readonly Record<string, unknown>[],
  conflict: readonly string[],
): Promise<number> {
  if (rows.length === 0 || columns.length === 0) return 0;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const overriding = columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
  const onConflict = conflict.length > 0 ? ` ON CONFLICT (${conflict.join(', ')}) DO NOTHING` : '';
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = slice.map((row) => {
      const cells = columns.map((c) => {
        params.push(toPg(row[c.name], c.type));
        return `$${params.length}::${c.type === 'bpchar' ? 'text' : c.type}`;
      });
      return `(${cells.join(', ')})`;
    });
    const result = await client.query(
      `INSERT INTO ${table} (${names})${overriding} VALUES ${tuples.join(', ')}${onConflict}`,
      params,
    );
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

/**
 * Moves the identity sequence of `table.column` past the largest value present, so rows inserted after an
 * import with explicit values get new numbers instead of colliding with imported ones.
 */
export async function resetPgIdentity(db: PgQueryable, table: string, column = 'seq'): Promise<void> {
  await db.query(
    `SELECT setval(pg_get_serial_sequence($1, $2), greatest((SELECT max(${column}) FROM ${table}), 1))`,
    [table, column],
  );
}
