import { AppError } from '@sift/core';

/** How a command was given a password. */
export interface PasswordOptions {
  password?: string;
  passwordStdin?: boolean;
}

/** More than any password the policy accepts; stdin is not read further (a file piped in by mistake). */
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * The password given with `--password-stdin` (preferred: it stays out of shell history and `ps`) or
 * `--password`. Exactly one trailing line break is dropped — `echo` adds one — so a password may still end in
 * spaces. Throws PASSWORD_REQUIRED when none was given, PASSWORD_OPTIONS_CONFLICT when both were.
 */
export async function readPassword(
  opts: PasswordOptions,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  if (opts.password !== undefined && opts.passwordStdin) {
    throw new AppError('PASSWORD_OPTIONS_CONFLICT', 'user', 'give --password-stdin or --password, not both');
  }
  if (opts.password !== undefined) return opts.password;
  if (!opts.passwordStdin) {
    throw new AppError(
      'PASSWORD_REQUIRED',
      'user',
      'give the password on stdin with --password-stdin (or with --password)',
    );
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buffer);
    bytes += buffer.length;
    if (bytes > MAX_STDIN_BYTES) {
      throw new AppError('PASSWORD_TOO_LONG', 'user', 'the password on stdin is far too long');
    }
  }
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/u, '');
  if (password.length === 0) {
    throw new AppError('PASSWORD_REQUIRED', 'user', '--password-stdin read no password from stdin');
  }
  return password;
}
