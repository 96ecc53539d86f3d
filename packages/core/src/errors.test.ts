import { describe, expect, it } from 'vitest';
import { AppError, appErrorFromThread, asStorageError, describeError } from './errors.js';

const driverError = (code: string) => Object.assign(new Error(`driver said ${code}`), { code });

describe('asStorageError', () => {
  it.each([
    'ENOSPC',
    'EROFS',
    'EDQUOT',
    'SQLITE_FULL',
    'SQLITE_IOERR_WRITE',
    'SQLITE_READONLY',
    'SQLITE_IOERR',
  ])('turns %s into a retryable INSUFFICIENT_STORAGE', (code) => {
    const err = asStorageError(driverError(code));
    expect(err).toMatchObject({ code: 'INSUFFICIENT_STORAGE', category: 'storage', retryable: true });
    expect(err?.details).toEqual({ reason: code });
  });

  it.each(['ENOENT', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSY', 'SQLITE_FULLTEXT'])(
    'leaves %s alone',
    (code) => {
      expect(asStorageError(driverError(code))).toBeNull();
    },
  );

  it('keeps AppErrors of the storage category and ignores the others', () => {
    const storage = new AppError('INSUFFICIENT_STORAGE', 'storage', 'full');
    expect(asStorageError(storage)).toBe(storage);
    expect(asStorageError(new AppError('X', 'system', 'x'))).toBeNull();
    expect(asStorageError('a string')).toBeNull();
  });
});

describe('describeError', () => {
  it('records a full disk as INSUFFICIENT_STORAGE with the driver’s stack', () => {
    const raw = driverError('SQLITE_FULL');
    expect(describeError(raw)).toMatchObject({
      code: 'INSUFFICIENT_STORAGE',
      retryable: true,
      stack: raw.stack,
    });
  });

  it('keeps an AppError’s code and flags and names unknown errors by their code', () => {
    const stalled = new AppError('EXTRACTION_TIMEOUT', 'system', 'slow', { interrupted: true });
    expect(describeError(stalled)).toMatchObject({
      code: 'EXTRACTION_TIMEOUT',
      retryable: true,
      interrupted: true,
    });
    expect(describeError(driverError('ECONNRESET'))).toMatchObject({ code: 'ECONNRESET', retryable: true });
    expect(describeError(42)).toEqual({ code: 'INTERNAL', message: '42', retryable: true });
  });
});

describe('appErrorFromThread', () => {
  it('rebuilds an AppError posted by a worker thread with its code, category, details, retryability and stack', () => {
    const thrown = new AppError('EXTRACTION_TIMEOUT', 'system', 'too slow', {
      details: { ms: 30_000 },
      retryable: false,
      interrupted: true,
    });
    // What structured cloning keeps of it: the fields, not the class.
    const wire = JSON.parse(JSON.stringify({ ...thrown, message: thrown.message, stack: thrown.stack }));
    const revived = appErrorFromThread(wire);
    expect(revived).toBeInstanceOf(AppError);
    expect(revived).toMatchObject({
      code: 'EXTRACTION_TIMEOUT',
      category: 'system',
      message: 'too slow',
      details: { ms: 30_000 },
      retryable: false,
      interrupted: true,
      stack: thrown.stack,
    });
  });

  it('answers null for an error without a code and category, which the caller turns into its own', () => {
    expect(appErrorFromThread({ message: 'boom' })).toBeNull();
    expect(appErrorFromThread({ message: 'no such file', code: 'ENOENT' })).toBeNull();
  });
});
