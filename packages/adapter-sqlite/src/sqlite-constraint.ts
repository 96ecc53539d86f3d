import { AppError } from '@sift/core';

/** The kinds of constraint failure the repositories turn into domain errors. */
export type ConstraintKind = 'unique' | 'foreign_key' | 'check';

const KINDS: Readonly<Record<string, ConstraintKind>> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'check',
};

/** Which constraint a better-sqlite3 error reports, or null for any other error. */
export function constraintKind(err: unknown): ConstraintKind | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (KINDS[code] ?? null) : null;
}

/**
 * Runs `work` and replaces a constraint failure with the AppError `map` gives for its kind; other errors, and
 * kinds `map` leaves out, pass through unchanged. The database has already rolled the statement (or the
 * enclosing transaction) back when this sees the error.
 */
export function mapConstraints<T>(
  work: () => T,
  map: Partial<Record<ConstraintKind, (reason: string) => AppError>>,
): T {
  try {
    return work();
  } catch (err) {
    const kind = constraintKind(err);
    const make = kind ? map[kind] : undefined;
    if (!make) throw err;
    const mapped = make(err instanceof Error ? err.message : String(err));
    throw new AppError(mapped.code, mapped.category, mapped.message, {
      details: mapped.details,
      retryable: mapped.retryable,
      cause: err,
    });
  }
}
