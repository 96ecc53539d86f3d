import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AppError } from '@sift/core';

const require = createRequire(import.meta.url);

// Tesseract codes are three letters with optional script/variant suffixes (chi_sim, deu_latf). Checking the
// shape first keeps a caller-supplied code from naming a path outside the data directories.
const LANGUAGE_CODE = /^[a-z]{3}(_[a-z]+)*$/;

// Folders inside an `@tesseract.js-data/<lang>` package, best first: `4.0.0_best_int` is the LSTM-only model
// (what tesseract.js itself fetches for OEM.LSTM_ONLY); `4.0.0` also carries the legacy engine's data.
const PACKAGE_FOLDERS = ['4.0.0_best_int', '4.0.0'];

/** Where tesseract.js reads the traineddata of a set of languages from. */
export interface LanguageSource {
  /** Directory holding `<lang>.traineddata[.gz]` for every language of the set. */
  langPath: string;
  gzip: boolean;
  /** A directory this module created (symlinks), to remove when the OCR closes. */
  temporary: boolean;
}

/** Finds the local traineddata file of one language, or null. */
export function findTrainedData(language: string, searchDirs: readonly string[]): string | null {
  if (!LANGUAGE_CODE.test(language)) return null;
  const dirs = [...searchDirs, ...packageDirs(language)];
  for (const dir of dirs) {
    for (const name of [`${language}.traineddata.gz`, `${language}.traineddata`]) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
  }
  return null;
}

function packageDirs(language: string): string[] {
  let root: string;
  try {
    root = path.dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
  } catch {
    return [];
  }
  return PACKAGE_FOLDERS.map((folder) => path.join(root, folder));
}

/**
 * Resolves every language of a set to local traineddata, so that tesseract.js never falls back to its CDN
 * (which hangs on a machine without internet). Throws `OCR_LANGUAGE_MISSING` (user, permanent) naming the
 * languages that are not installed.
 */
export function resolveLanguages(
  languages: readonly string[],
  searchDirs: readonly string[],
): LanguageSource {
  const files = new Map<string, string>();
  const missing: string[] = [];
  for (const language of languages) {
    const file = findTrainedData(language, searchDirs);
    if (file) files.set(language, file);
    else missing.push(language);
  }
  if (missing.length > 0) {
    const list = missing.join(', ');
    const packages = missing.map((l) => `@tesseract.js-data/${l}`).join(', ');
    throw new AppError(
      'OCR_LANGUAGE_MISSING',
      'user',
      `OCR language ${list} ${missing.length === 1 ? 'is' : 'are'} not installed; add ${packages} or set SIFT_OCR_LANGUAGES`,
      // Not the directories searched: details reach API clients, and those are the server's own.
      { details: { missing }, retryable: false },
    );
  }
  const dirs = new Set([...files.values()].map((f) => path.dirname(f)));
  const gzipped = new Set([...files.values()].map((f) => f.endsWith('.gz')));
  if (dirs.size === 1 && gzipped.size === 1) {
    return { langPath: [...dirs][0]!, gzip: [...gzipped][0]!, temporary: false };
  }
  return linkIntoOneDir(files);
}

// tesseract.js reads all languages of a worker from one `langPath`, and its `{ code, data }` form is broken in
// v7 (it passes the bytes as the language name). Languages from different packages are therefore symlinked
// into one private directory. Every link is named `.gz`: the worker tells gzip from plain data by the magic
// bytes, not by the name.
function linkIntoOneDir(files: Map<string, string>): LanguageSource {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-tessdata-'));
  for (const [language, file] of files) fs.symlinkSync(file, path.join(dir, `${language}.traineddata.gz`));
  return { langPath: dir, gzip: true, temporary: true };
}
