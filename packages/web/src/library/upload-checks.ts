import { formatBytes } from '../documents/format';
import type { SystemLimits } from './library.queries';

type Category = SystemLimits['upload']['accepted_types'][number]['category'];

/** The category the server holds a file to by its name: its extension's, or `document` for others. */
export function categoryOf(name: string, limits: SystemLimits): Category {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const type = ext
    ? limits.upload.accepted_types.find((t) => t.extension === ext || t.aliases.includes(ext))
    : undefined;
  return type?.category ?? 'document';
}

/**
 * Why the server would refuse this file before reading it, or null. Only the size is checked here, with
 * the server's own numbers (`GET /system/limits`): whether the bytes are a supported format is for the
 * server to say, since it also takes text files with any name.
 */
export function refusalOf(file: File, limits: SystemLimits): { code: string; message: string } | null {
  const category = categoryOf(file.name, limits);
  const max = limits.upload.max_file_bytes[category];
  if (max !== undefined && file.size > max) {
    return {
      code: 'FILE_TOO_LARGE',
      message: `${formatBytes(file.size)} is over the ${formatBytes(max)} limit for ${category} files`,
    };
  }
  if (file.size === 0) return { code: 'EMPTY_FILE', message: 'the file is empty' };
  return null;
}
