import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddedFile, ExtractionInput } from '@sift/core';
import type { PdfReader } from './pdf-reader.js';

/**
 * Files embedded in the PDF (attachments, PDF portfolio members) become child documents, like e-mail
 * attachments: written under workDir, within the archive limits of the upload (count and bytes).
 */
export async function embeddedFiles(
  reader: PdfReader,
  input: ExtractionInput,
  warnings: string[],
): Promise<EmbeddedFile[]> {
  const { maxEntries, maxTotalBytes } = input.archiveLimits;
  const { files, skipped } = await reader.attachments(maxEntries, maxTotalBytes);
  if (skipped > 0) warnings.push(`${skipped} embedded file(s) over the archive limits were not extracted`);
  if (files.length === 0) return [];
  const dir = await mkdtemp(join(input.workDir, 'pdf-attachments-'));
  const used = new Set<string>();
  const out: EmbeddedFile[] = [];
  for (const [i, file] of files.entries()) {
    const name = uniqueName(safeName(file.filename), used);
    const path = join(dir, String(i));
    await writeFile(path, file.content);
    out.push({ name, path, size: file.content.length });
  }
  return out;
}

/** The last path segment, without characters a file name cannot hold; never empty, never `..`. */
function safeName(filename: string): string {
  const base = filename.split(/[\\/]/u).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f]/gu, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? 'attachment' : clean;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${n}-${name}`;
  used.add(candidate);
  return candidate;
}
