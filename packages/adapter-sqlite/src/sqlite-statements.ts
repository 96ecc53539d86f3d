import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Prepares statements lazily (the tables exist only after migrations) and once per distinct SQL text. The
 * repositories build a few statements from the fields a patch or filter holds; their shapes are few, so the
 * cache stays small.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: SqliteDatabase) {}

  get(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
