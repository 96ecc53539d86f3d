import { AppError } from '@sift/core';

/** The kinds of constraint failure the repositories turn into domain errors. */
export type ConstraintKind = 'unique' | 'foreign_key' | 'check';

// SQLSTATE classes 23 (integrity) and 22 (data exception: a value the column's type refuses).
const KINDS: Readonly<Record<string, ConstraintKind>> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'check',
  '22P02': 'check', // invalid text representation
  '22003': 'check', // numeric value out of range
  '22001': 'check', // string too long
};

/** Which constraint a `pg` error reports, or null for any other error. */
export function constraintKind(err: unknown): ConstraintKind | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (KINDS[code] ?? null) : null;
}

/** The name of the constraint (or index) a `pg` error names, when it names one. */
export function constraintName(err: unknown): string | null {
  const name = (err as { constraint?: unknown } | null)?.constraint;
  return typeof name === 'string' ? name : null;
}

/**
 * Runs `work` and replaces a constraint failure with the AppError `map` gives for its kind; other errors, and
 * kinds `map` leaves out, pass through unchanged. The failed statement has aborted its transaction, which the
 * caller (withTransaction) rolls back.
 */
export async function mapConstraints<T>(
  work: () => Promise<T>,
  map: Partial<Record<ConstraintKind, (reason: string, err: unknown) => AppError>>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const kind = constraintKind(err);
    const make = kind ? map[kind] : undefined;
    if (!make) throw err;
    const mapped = make(err instanceof Error ? err.message : String(err), err);
    throw new AppError(mapped.code, mapped.category, mapped.message, {
      details: mapped.details,
      retryable: mapped.retryable,
      cause: err,
    });
  }
}
